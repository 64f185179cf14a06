import { execFileSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import type { Component } from "../model/component.js";
import { ansibleInventory } from "./ansible-inventory.js";
import { k3sNodeConfigs, mergeServerRequirements } from "./k3s-config.js";
import { planBootstrap } from "./plan-bootstrap.js";

const settings: ClusterSettings = {
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
const comp = (name: string, k3s: Component["k3s"]): Component => ({
  name,
  namespace: "kube-system",
  objects: [],
  k3s,
});
const components = [
  comp("cilium", {
    disable: ["servicelb", "traefik"],
    serverConfig: { "flannel-backend": "none", "disable-kube-proxy": true, "disable-network-policy": true },
  }),
  comp("coredns", { disable: ["coredns"] }),
  comp("metrics-server", { disable: ["metrics-server"] }),
  comp("openebs", { disable: ["local-storage"] }),
];

describe("k3s node configs", () => {
  const configs = k3sNodeConfigs(settings, components);

  it("initialises etcd on the first server only; the others and the agents join through the API endpoint", () => {
    expect(configs.get("s1")?.["cluster-init"]).toBe(true);
    expect(configs.get("s1")?.server).toBeUndefined();
    for (const n of ["s2", "s3", "a1", "a4"])
      expect(configs.get(n)?.server).toBe("https://api.example.test:6443");
    expect(configs.get("s2")?.["cluster-init"]).toBeUndefined();
  });

  it("gives every server what the components need: bundled add-ons off, no flannel, no kube-proxy", () => {
    for (const n of ["s1", "s2", "s3"]) {
      expect(configs.get(n)).toMatchObject({
        disable: ["coredns", "local-storage", "metrics-server", "servicelb", "traefik"],
        "flannel-backend": "none",
        "disable-kube-proxy": true,
        "disable-network-policy": true,
        "tls-san": ["api.example.test", "10.0.0.1", "10.0.0.2", "10.0.0.3"],
      });
    }
    expect(configs.get("a1")?.disable).toBeUndefined();
  });

  it("carries each node's address, labels and taints", () => {
    expect(configs.get("a1")).toEqual({
      server: "https://api.example.test:6443",
      "node-name": "a1",
      "node-ip": "10.0.0.11",
      "node-label": ["node.example/pool=gpu", "zone=a"],
      "node-taint": ["gpu=true:NoSchedule"],
    });
  });

  it("reports components asking for different values of one key", () => {
    const clash = mergeServerRequirements([
      comp("a", { serverConfig: { "flannel-backend": "none" } }),
      comp("b", { serverConfig: { "flannel-backend": "wireguard-native" } }),
    ]);
    expect(clash.conflicts).toEqual([{ key: "flannel-backend", components: ["a", "b"] }]);
  });
});

describe("Ansible inventory for the k3s collection", () => {
  it("is read by the real ansible-inventory: 3 servers, 4 agents, with their vars", async () => {
    const dir = await mkdtemp(join(tmpdir(), "helix-inventory-"));
    const file = join(dir, "inventory.yaml");
    await writeFile(file, ansibleInventory(settings, k3sNodeConfigs(settings, components)));
    const listed = JSON.parse(
      execFileSync("ansible-inventory", ["-i", file, "--list"], {
        encoding: "utf8",
        env: { ...process.env, ANSIBLE_NOCOLOR: "1" },
      }),
    ) as {
      server: { hosts: string[] };
      agent: { hosts: string[] };
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    };
    expect(listed.server.hosts).toEqual(["s1", "s2", "s3"]);
    expect(listed.agent.hosts).toEqual(["a1", "a2", "a3", "a4"]);
    const s1 = listed._meta.hostvars.s1 ?? {};
    expect(s1).toMatchObject({
      ansible_host: "10.0.0.1",
      ansible_user: "ops",
      k3s_version: "v1.36.3+k3s1",
      api_endpoint: "api.example.test",
    });
    expect(String(s1.server_config_yaml)).toContain("cluster-init: true");
    expect(String(s1.token)).toContain("community.sops.sops");
    expect(String(listed._meta.hostvars.a1?.agent_config_yaml)).toContain(
      "node-taint:\n  - gpu=true:NoSchedule",
    );
  });
});

describe("Helm releases installed before Flux", () => {
  const withInstall = (name: string, releaseName: string, values: object): Component => ({
    ...comp(name, undefined),
    bootstrapHelm: { releaseName, namespace: "kube-system", values },
  });

  it("writes the values of each one to helm/<release>.values.yaml, for the helm CLI", () => {
    // Given a component whose release the operator installs before Flux exists
    const cluster = defineCluster({ name: "t", settings, namespaces: [] });
    const cni = withInstall("cilium", "cilium", { prometheus: { serviceMonitor: { enabled: false } } });
    // When the bootstrap files are planned
    const { files, problems } = planBootstrap(cluster, [...components, cni]);
    // Then its values are there, as a YAML document, next to the node configs
    expect(problems).toEqual([]);
    expect(files.get("helm/cilium.values.yaml")).toBe(
      "---\nprometheus:\n  serviceMonitor:\n    enabled: false\n",
    );
    expect([...files.keys()].filter((f) => f.startsWith("helm/"))).toEqual(["helm/cilium.values.yaml"]);
    expect(files.has("k3s/s1.yaml")).toBe(true);
  });

  it("reports two components installing one release name, instead of writing one over the other", () => {
    const cluster = defineCluster({ name: "t", settings, namespaces: [] });
    const { problems } = planBootstrap(cluster, [withInstall("dns-a", "dns", {}), withInstall("dns-b", "dns", {})]);
    expect(problems).toEqual([
      expect.objectContaining({
        cluster: "t",
        component: "dns-b",
        layer: "policy",
        message: expect.stringContaining('"dns" is also installed by component "dns-a"'),
      }),
    ]);
  });
});
