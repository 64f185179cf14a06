import type { ClusterSettings } from "../../model/cluster-settings.js";
import type { Component } from "../../model/component.js";

// A cluster of 3 servers and 4 agents and the components whose k3s requirements shape its node
// configs, shared by the bootstrap tests and the Ansible interop test.

/** Seven nodes: s1–s3 servers, a1–a4 agents (a1 labelled and tainted). */
export const settings: ClusterSettings = {
  domain: "example.test",
  distribution: "k3s",
  k3sVersion: "v1.36.3+k3s1",
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/x.git" },
  sopsAgeRecipients: [],
  bootstrap: { apiEndpoint: "api.example.test", sshUser: "ops" },
  nodes: [
    { name: "s1", address: "10.0.0.1", role: "server" },
    { name: "s2", address: "10.0.0.2", role: "server" },
    { name: "s3", address: "10.0.0.3", role: "server" },
    {
      name: "a1",
      address: "10.0.0.11",
      role: "agent",
      labels: { "node.example/pool": "gpu", zone: "a" },
      taints: ["gpu=true:NoSchedule"],
    },
    { name: "a2", address: "10.0.0.12", role: "agent" },
    { name: "a3", address: "10.0.0.13", role: "agent" },
    { name: "a4", address: "10.0.0.14", role: "agent" },
  ],
};
/** A component with nothing but k3s requirements. */
export const comp = (name: string, k3s: Component["k3s"]): Component => ({
  name,
  namespace: "kube-system",
  objects: [],
  k3s,
});
/** Cilium, CoreDNS, metrics-server and OpenEBS with what they need from k3s. */
export const components = [
  comp("cilium", {
    disable: ["servicelb", "traefik"],
    serverConfig: { "flannel-backend": "none", "disable-kube-proxy": true, "disable-network-policy": true },
  }),
  comp("coredns", { disable: ["coredns"] }),
  comp("metrics-server", { disable: ["metrics-server"] }),
  comp("openebs", { disable: ["local-storage"] }),
];
