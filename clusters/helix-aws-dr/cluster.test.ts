import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { assembleCluster, type ClusterSettings, renderCluster } from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clusterChecks } from "../../tools/cluster-checks.js";
import cluster from "./cluster.js";
import { BACKUP_BUCKETS, settings } from "./settings.js";

const clusterDir = import.meta.dirname;
const render = () => renderCluster(cluster, { clusterDir, write: false });
const docsOf = (files: ReadonlyMap<string, string>, kind: string) =>
  [...files.values()]
    .map(
      (text) =>
        parse(text) as { kind?: string; spec?: Record<string, unknown>; metadata?: { name?: string } },
    )
    .filter((o) => o.kind === kind);

describe("cluster helix-aws-dr (EKS standby)", () => {
  clusterChecks(cluster, clusterDir);

  it("has no k3s pieces: no Cilium, no CoreDNS chart, no upgrade plans, no node bootstrap", async () => {
    const { files, bootstrapFiles } = await render();
    const releases = docsOf(files, "HelmRelease").map((r) => r.metadata?.name);
    expect(releases).not.toContain("cilium");
    expect(releases).not.toContain("coredns");
    expect(releases).not.toContain("openebs");
    expect([...files.keys()].some((f) => f.startsWith("system-upgrade/"))).toBe(false);
    expect([...bootstrapFiles.keys()]).toEqual(["terraform/dr-eks.tfvars.json"]);
  });

  it("restores from the AWS backup location and never writes or schedules backups", async () => {
    const { files } = await render();
    const locations = docsOf(files, "BackupStorageLocation");
    expect(locations.map((l) => [l.metadata?.name, l.spec?.accessMode])).toEqual([["aws", "ReadOnly"]]);
    expect((locations[0]?.spec?.objectStorage as { bucket?: string } | undefined)?.bucket).toBe(
      (settings.buckets as ClusterSettings["buckets"])?.[BACKUP_BUCKETS.aws]?.bucket,
    );
    expect(
      docsOf(files, "Schedule").filter((s) => (s as { apiVersion?: string }).apiVersion === "velero.io/v1"),
    ).toEqual([]);
  });

  it("keeps the public tunnel's connectors at zero until a failover", async () => {
    const { files } = await render();
    const cloudflared = docsOf(files, "Deployment").find((d) => d.metadata?.name === "cloudflared");
    expect(cloudflared?.spec?.replicas).toBe(0);
  });

  it("idles small: every autoscaled workload, never a StatefulSet, starts from one replica and may grow", () => {
    const scaled = (c: typeof cluster) =>
      assembleCluster(c).components.flatMap((x) =>
        (x.autoscaling?.pods ?? []).map((p) => ({
          target: p.target,
          min: p.minReplicas,
          max: p.maxReplicas,
        })),
      );
    const standby = scaled(cluster);
    expect(standby.length).toBeGreaterThan(10);
    for (const p of standby) {
      expect(p.target, p.target).toMatch(/^Deployment\//);
      expect(p.min, p.target).toBe(1);
    }
    for (const p of standby) expect(p.max, p.target).toBeGreaterThan(1);
  });

  it("bounds the standby's Karpenter NodePools: on-demand platform nodes up to 48 vCPU / 192 GiB, tainted spot-first app nodes up to 64 vCPU / 256 GiB", async () => {
    const { files } = await render();
    const pools = docsOf(files, "NodePool").map((p) => {
      const template = p.spec?.template as {
        spec: { requirements: { key: string; values: string[] }[]; taints?: unknown[] };
      };
      return {
        name: p.metadata?.name,
        limits: p.spec?.limits,
        capacity: template.spec.requirements.find((r) => r.key === "karpenter.sh/capacity-type")?.values,
        taints: template.spec.taints ?? [],
        consolidation: (p.spec?.disruption as { consolidationPolicy?: string } | undefined)
          ?.consolidationPolicy,
      };
    });
    expect(pools).toEqual([
      {
        name: "apps",
        limits: { cpu: "64", memory: "256Gi" },
        capacity: ["spot", "on-demand"],
        taints: [{ key: "helix.ai/workload-class", value: "apps", effect: "NoSchedule" }],
        consolidation: "WhenEmptyOrUnderutilized",
      },
      {
        name: "platform",
        limits: { cpu: "48", memory: "192Gi" },
        capacity: ["on-demand"],
        taints: [],
        consolidation: "WhenEmptyOrUnderutilized",
      },
    ]);
  });

  it("gives Karpenter the node role, queue and discovery tags Terraform creates from the same settings", async () => {
    const { files } = await render();
    const vars = JSON.parse(
      await readFile(join(clusterDir, "bootstrap/terraform/dr-eks.tfvars.json"), "utf8"),
    ) as {
      cluster_name: string;
      karpenter: {
        node_role_name: string;
        interruption_queue_name: string;
        service_account: string;
        namespace: string;
      };
    };
    const discovery = [{ tags: { "karpenter.sh/discovery": vars.cluster_name } }];
    const classes = docsOf(files, "EC2NodeClass");
    expect(classes.map((c) => c.metadata?.name)).toEqual(["apps", "platform"]);
    for (const c of classes) {
      expect(c.spec).toMatchObject({
        role: vars.karpenter.node_role_name,
        subnetSelectorTerms: discovery,
        securityGroupSelectorTerms: discovery,
        metadataOptions: { httpTokens: "required", httpPutResponseHopLimit: 1 },
      });
    }
    const release = docsOf(files, "HelmRelease").find((r) => r.metadata?.name === "karpenter");
    expect(release?.metadata).toMatchObject({ namespace: vars.karpenter.namespace });
    expect(release?.spec?.values).toMatchObject({
      serviceAccount: { name: vars.karpenter.service_account },
      settings: { clusterName: vars.cluster_name, interruptionQueue: vars.karpenter.interruption_queue_name },
    });
  });

  it("renders the Terraform variables of its EKS cluster from the settings", async () => {
    const vars = JSON.parse(
      await readFile(join(clusterDir, "bootstrap/terraform/dr-eks.tfvars.json"), "utf8"),
    );
    expect(vars).toMatchObject({
      cluster_name: "helix-aws-dr",
      region: "eu-central-1",
      backup_bucket: "helix-ai-velero-dr",
    });
  });
});
