import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type ClusterSettings, renderCluster } from "@helix-cluster/core";
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
