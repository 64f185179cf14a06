// The chart check wired to the real clusters and the real upstream charts: exceptions, a missing
// chart file, problem format, and the Nx/CI wiring. The engine's own cases (template failure,
// unknown field, CPU limit, CRD order, never-read setting…) are tested in core with small charts.
import { existsSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { formatProblem, loadClusterEntry } from "@helix-cluster/core";
import { type ChartCheckReport, chartCheckSession, checkCharts } from "@helix-cluster/core/internal";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultUpstreamDir, UPSTREAM_ENV } from "./upstream-data.js";

const root = resolve(import.meta.dirname, "..");
const chartsDir = join(defaultUpstreamDir(root), "charts");
const missingData = `no packaged charts in ${chartsDir}: put the upstream folder (see its SOURCES.md) at ../shared/upstream beside this repository, or set ${UPSTREAM_ENV}`;

describe("npm run chart-check on helix-onprem", () => {
  let planted = "";
  let report: ChartCheckReport;
  beforeAll(async () => {
    expect(existsSync(chartsDir), missingData).toBe(true);
    // The real charts, less velero's: a bump without chart data must fail, not pass quietly.
    planted = await mkdtemp(join(tmpdir(), "helix-charts-"));
    for (const name of await readdir(chartsDir))
      if (name !== "velero-12.1.0.tgz") await symlink(join(chartsDir, name), join(planted, name));
    const cluster = await loadClusterEntry(join(root, "clusters/helix-onprem/cluster.ts"));
    report = await checkCharts(cluster, { chartsDir: planted, analyseSettings: false });
  });
  afterAll(async () => {
    if (planted) await rm(planted, { recursive: true, force: true });
  });

  it("finds the upstream charts", () => {
    expect(existsSync(join(chartsDir, "velero-12.1.0.tgz")), missingData).toBe(true);
  });

  it("templates every release but the declared exceptions, each listed with its reason", () => {
    expect(report.exceptions.map((e) => `${e.component} ${e.chart} ${e.version}`).sort()).toEqual([
      "flux-instance flux-instance 0.58.1",
      "flux-operator flux-operator 0.58.1",
      "mimir mimir-distributed 6.2.0",
      "openebs localpv-provisioner 4.4.0",
    ]);
    for (const e of report.exceptions) expect(e.reason.length).toBeGreaterThan(20);
    expect(report.releases).toBeGreaterThan(20);
    expect(report.objects).toBeGreaterThan(300);
  });

  it("fails on a chart file that is missing, naming the chart, the version and how to add it", () => {
    expect(report.problems.map(formatProblem)).toContain(
      `helix-onprem › @helix-cluster/data-plane › velero › HelmRelease/data-plane/velero: chart velero 12.1.0 is not in ${planted}: add velero-12.1.0.tgz there (packaged from the publisher's sources at that release, see the upstream SOURCES.md), or declare chartCheck.exception on the component with the reason [chart]`,
    );
  });

  it("names cluster › package › component › object in every problem", () => {
    for (const p of report.problems) {
      expect(p.layer).toBe("chart");
      expect(formatProblem(p)).toMatch(/^helix-onprem › @helix-cluster\/[\w-]+ › [\w-]+ › \w+\/\S+/);
    }
  });
});

describe("npm run chart-check on both clusters", () => {
  const reports: ChartCheckReport[] = [];
  beforeAll(async () => {
    expect(existsSync(chartsDir), missingData).toBe(true);
    // Both clusters at once, settings analysed, as `npm run chart-check` runs them (cached results
    // in node_modules/.cache are reused; cold, this takes minutes).
    const session = chartCheckSession();
    const clusters = await Promise.all(
      ["helix-onprem", "helix-aws-dr"].map((c) => loadClusterEntry(join(root, "clusters", c, "cluster.ts"))),
    );
    reports.push(...(await Promise.all(clusters.map((c) => checkCharts(c, { chartsDir, session })))));
  }, 3_600_000);

  it("finds no problem in what any chart creates, and no setting a chart never reads", () => {
    for (const r of reports) {
      expect(r.problems.map(formatProblem), r.cluster).toEqual([]);
      expect(r.neverRead, r.cluster).toBe(0);
      expect(
        r.notes.filter((n) => n.includes("settings not analysed")),
        r.cluster,
      ).toEqual([]);
    }
  });

  it("leaves out only the four charts the upstream data lacks, each with its reason", () => {
    const excepted = new Set(reports.flatMap((r) => r.exceptions.map((e) => `${e.chart} ${e.version}`)));
    expect([...excepted].sort()).toEqual([
      "flux-instance 0.58.1",
      "flux-operator 0.58.1",
      "localpv-provisioner 4.4.0",
      "mimir-distributed 6.2.0",
    ]);
  });
});

describe("chart check wiring", () => {
  it("is an Nx target of every cluster, cached on the chart files too, and CI runs it", async () => {
    const nx = JSON.parse(await readFile(join(root, "nx.json"), "utf8")) as {
      targetDefaults: Record<string, { cache?: boolean; inputs?: unknown[] }>;
    };
    const target = nx.targetDefaults["check-charts"];
    expect(target?.cache).toBe(true);
    expect(target?.inputs).toContainEqual({ runtime: "node --import tsx tools/chart-files-stamp.ts" });
    for (const cluster of await readdir(join(root, "clusters"))) {
      const manifest = JSON.parse(
        await readFile(join(root, "clusters", cluster, "package.json"), "utf8"),
      ) as {
        scripts: Record<string, string>;
      };
      expect(manifest.scripts["check-charts"], cluster).toContain("tools/chart-check.ts cluster.ts");
    }
    expect(await readFile(join(root, ".ci/run"), "utf8")).toMatch(/^npm run chart-check$/m);
  });
});
