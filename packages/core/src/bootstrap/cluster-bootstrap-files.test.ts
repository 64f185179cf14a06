import { describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import { k3sNodeConfigs } from "./k3s-config.js";
import { planBootstrap } from "./plan-bootstrap.js";
import { terraformVarFiles } from "./terraform-vars.js";
import { components, settings } from "./test-support/cluster-fixture.js";

const eks: ClusterSettings = {
  domain: "example.test",
  distribution: "eks",
  eks: { region: "eu-west-1", kubernetesVersion: "1.36" },
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/x.git" },
  sopsAgeRecipients: [],
  buckets: { restore: { bucket: "example-restore", region: "eu-west-1" } },
};

describe("a cluster's own bootstrap files", () => {
  it("given an EKS cluster without bootstrapFiles, when planned, then core writes no Terraform variables for it", () => {
    const { files, problems } = planBootstrap(defineCluster({ name: "standby", settings: eks, namespaces: [] }), []);
    expect(problems).toEqual([]);
    expect([...files.keys()]).toEqual([]);
  });

  it("given bootstrapFiles, when planned, then its files join core's, in code point order", () => {
    const cluster = defineCluster({
      name: "standby",
      settings: eks,
      namespaces: [],
      bootstrapFiles: ({ name, settings: s }) =>
        terraformVarFiles(name, s, { aws: "restore", onPrem: "absent" }),
    });
    const { files, problems } = planBootstrap(cluster, []);
    expect(problems).toEqual([]);
    expect(JSON.parse(files.get("terraform/dr-eks.tfvars.json") ?? "{}")).toEqual({
      cluster_name: "standby",
      region: "eu-west-1",
      kubernetes_version: "1.36",
      backup_bucket: "example-restore",
      karpenter: {
        namespace: "kube-system",
        service_account: "karpenter",
        controller_role_name: "standby-karpenter",
        node_role_name: "standby-karpenter-node",
        interruption_queue_name: "standby-karpenter",
      },
    });
  });

  it("given a slot the settings lack, when planned, then the error is a located problem", () => {
    const cluster = defineCluster({
      name: "standby",
      settings: eks,
      namespaces: [],
      bootstrapFiles: ({ name, settings: s }) => terraformVarFiles(name, s, { aws: "backupsAws", onPrem: "x" }),
    });
    expect(planBootstrap(cluster, []).problems).toEqual([
      expect.objectContaining({
        cluster: "standby",
        path: "bootstrapFiles",
        message: expect.stringContaining("restores from buckets.backupsAws"),
      }),
    ]);
  });

  it("given a path core writes, or one leaving bootstrap/, when planned, then each is a problem", () => {
    const cluster = defineCluster({
      name: "k3s",
      settings,
      namespaces: [],
      bootstrapFiles: () => ({ "k3s/s1.yaml": "x", "../escape.txt": "x", "notes/ok.txt": "ok" }),
    });
    const { files, problems } = planBootstrap(cluster, components);
    expect(problems.map((p) => p.path)).toEqual(['bootstrapFiles["../escape.txt"]', 'bootstrapFiles["k3s/s1.yaml"]']);
    expect(files.get("notes/ok.txt")).toBe("ok");
  });
});

describe("the cluster domain", () => {
  it("given no clusterDomain, when the node configs are derived, then k3s keeps its default", () => {
    expect(k3sNodeConfigs(settings, components).get("s1")?.["cluster-domain"]).toBeUndefined();
  });

  it("given a cluster domain of its own, when the node configs are derived, then every server gets it", () => {
    const configs = k3sNodeConfigs({ ...settings, clusterDomain: "k8s.internal" }, components);
    for (const n of ["s1", "s2", "s3"]) expect(configs.get(n)?.["cluster-domain"]).toBe("k8s.internal");
    expect(configs.get("a1")?.["cluster-domain"]).toBeUndefined();
  });
});
