import { describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import type { Component } from "../model/component.js";
import { k3sNodeConfigs, mergeServerRequirements } from "./k3s-config.js";
import { planBootstrap } from "./plan-bootstrap.js";
import { comp, components, settings } from "./test-support/cluster-fixture.js";

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
