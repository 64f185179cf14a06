import { describe, expect, it } from "vitest";
import { k3sNodeConfigs, mergeServerRequirements } from "./k3s-config.js";
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
