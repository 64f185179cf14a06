import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { BurstNodeSettings } from "../model/autoscaling.js";
import { defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import {
  BURST_TOKEN_FILE,
  burstAgentConfig,
  burstCloudConfig,
  burstCloudConfigDigest,
  burstPool,
} from "./burst-nodes.js";
import { k3sNodeConfigs } from "./k3s-config.js";
import { planBootstrap } from "./plan-bootstrap.js";

const nanode = { type: "g6-nanode-1", cpu: 1, memoryMiB: 1024, hourlyPrice: 0.0075, monthlyPrice: 5 };
const burst: BurstNodeSettings = {
  provider: "linode",
  region: "eu-central",
  instance: nanode,
  maxNodes: 4,
  maxHourlyCost: 0.03,
  maxMonthlyCost: 20,
};
const settings = (over: Partial<BurstNodeSettings> = {}, base: Partial<ClusterSettings> = {}): ClusterSettings => ({
  domain: "example.test",
  distribution: "k3s",
  k3sVersion: "v1.36.3+k3s1",
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/x.git" },
  sopsAgeRecipients: [],
  bootstrap: { apiEndpoint: "api.example.test" },
  nodes: [
    { name: "s1", address: "10.0.0.1", role: "server" },
    { name: "a1", address: "10.0.0.11", role: "agent", labels: { zone: "a" }, taints: ["gpu=true:NoSchedule"] },
  ],
  autoscaling: { burst: { ...burst, ...over } },
  ...base,
});

describe("burst pool settings", () => {
  it("given no burst settings, when resolved, then the cluster has no pool", () => {
    expect(burstPool({ ...settings(), autoscaling: {} })).toBeUndefined();
  });

  it("given the defaults, when resolved, then the nodes are tainted and labelled with the pool, plan and region", () => {
    const pool = burstPool(settings());
    expect(pool?.taint).toEqual({ key: "helix.ai/burst", value: "true", effect: "NoSchedule" });
    expect(pool?.labels).toEqual({
      "helix.ai/burst": "true",
      "helix.ai/node-pool": "linode-burst",
      "node.kubernetes.io/instance-type": "g6-nanode-1",
      "topology.kubernetes.io/region": "eu-central",
    });
    expect(pool?.apiEndpoint).toBe("api.example.test");
  });

  it("given a taint key, when resolved, then the taint and the burst label use it", () => {
    const pool = burstPool(settings({ taintKey: "example.com/rented" }));
    expect(pool?.taint.key).toBe("example.com/rented");
    expect(pool?.labels["example.com/rented"]).toBe("true");
  });

  it("given more nodes than the cost caps allow, when resolved, then every cap at fault is named", () => {
    expect(() => burstPool(settings({ maxNodes: 5 }))).toThrow(
      /maxHourlyCost: 5 × g6-nanode-1 cost 0\.0375 USD\/h, over the cap of 0\.03.*maxMonthlyCost: 5 × g6-nanode-1 cost 25\.00 USD\/month, over the cap of 20/,
    );
  });

  it("given exactly as many nodes as the caps allow, when resolved, then rounding does not reject it", () => {
    expect(burstPool(settings({ maxNodes: 3, maxHourlyCost: 0.0225 }))?.maxNodes).toBe(3);
  });

  it("given an EKS cluster, no node count or no k3s version, when resolved, then the setting is rejected", () => {
    expect(() => burstPool(settings({}, { distribution: "eks" }))).toThrow(/join k3s clusters only/);
    const { k3sVersion: _, ...unversioned } = settings();
    expect(() => burstPool(unversioned)).toThrow(/set settings\.k3sVersion/);
    expect(() => burstPool(settings({ maxNodes: 0 }))).toThrow(/maxNodes: must be a whole number ≥ 1/);
  });
});

describe("burst node bootstrap", () => {
  const pool = burstPool(settings());
  if (!pool) throw new Error("fixture has a burst pool");

  it("joins as an agent through the same join URL as the fixed agents, registering with the pool's labels and taint", () => {
    const fixed = k3sNodeConfigs(settings(), []).get("a1");
    const config = burstAgentConfig(pool);
    expect(config.server).toBe(fixed?.server);
    expect(config["token-file"]).toBe(BURST_TOKEN_FILE);
    expect(config["node-taint"]).toEqual(["helix.ai/burst=true:NoSchedule"]);
    expect(config["node-label"]).toEqual([
      "helix.ai/burst=true",
      "helix.ai/node-pool=linode-burst",
      "node.kubernetes.io/instance-type=g6-nanode-1",
      "topology.kubernetes.io/region=eu-central",
    ]);
    expect(Object.keys(config)).not.toContain("cluster-init");
    expect(Object.keys(config)).not.toContain("disable");
  });

  it("writes the agent config, the token file and a join script in its cloud-init", () => {
    const text = burstCloudConfig(pool, { token: "K10abc::server:secret" });
    expect(text.startsWith("#cloud-config\n")).toBe(true);
    const doc = parse(text) as { write_files: { path: string; content: string }[]; runcmd: string[][] };
    const byPath = new Map(doc.write_files.map((f) => [f.path, f.content]));
    expect(parse(byPath.get("/etc/rancher/k3s/config.yaml") ?? "")).toEqual(burstAgentConfig(pool));
    expect(byPath.get(BURST_TOKEN_FILE)).toBe("K10abc::server:secret\n");
    expect(byPath.get("/usr/local/sbin/helix-burst-join")).toMatch(
      /INSTALL_K3S_VERSION="v1\.36\.3\+k3s1" INSTALL_K3S_EXEC=agent/,
    );
    expect(byPath.get("/usr/local/sbin/helix-burst-join")).toMatch(/provider-id=linode:\/\//);
    expect(doc.runcmd).toEqual([["/usr/local/sbin/helix-burst-join"]]);
  });

  it("has a digest of the token-free content that changes with the taint but not with the token or the k3s release", () => {
    expect(burstCloudConfigDigest(pool)).toMatch(/^[0-9a-f]{64}$/);
    expect(burstCloudConfig(pool, { token: "" })).not.toMatch(/K10/);
    const upgraded = burstPool(settings({}, { k3sVersion: "v1.37.0+k3s1" }));
    if (!upgraded) throw new Error("fixture has a burst pool");
    expect(burstCloudConfigDigest(upgraded)).toBe(burstCloudConfigDigest(pool));
    const other = burstPool(settings({ taintKey: "example.com/rented" }));
    if (!other) throw new Error("fixture has a burst pool");
    expect(burstCloudConfigDigest(other)).not.toBe(burstCloudConfigDigest(pool));
  });

  it("is written to the bootstrap folder beside the fixed nodes' configs, without the token", () => {
    const { files, problems } = planBootstrap(defineCluster({ name: "t", settings: settings(), namespaces: [] }), []);
    expect(problems).toEqual([]);
    expect(parse(files.get("k3s/linode-burst.yaml") ?? "")).toEqual(burstAgentConfig(pool));
    expect(files.get("cloud-init/linode-burst.yaml")).toBe(burstCloudConfig(pool, { token: "" }));
  });

  it("reports invalid burst settings as a build problem of the cluster", () => {
    const { problems } = planBootstrap(
      defineCluster({ name: "t", settings: settings({ maxNodes: 9 }), namespaces: [] }),
      [],
    );
    expect(problems.map((p) => p.message).join("\n")).toMatch(/settings\.autoscaling\.burst\.maxHourlyCost/);
  });
});
