import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderCluster } from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import { oneRun } from "./bench/incremental.js";
import { formatMemory, formatSeconds, median } from "./bench/stats.js";
import { renderScriptArgs } from "./bench/suites.js";
import { syntheticCluster } from "./bench/synthetic.js";
import { atLeast, atMost, formatTable } from "./bench/table.js";

describe("bench median", () => {
  it("takes the middle run, or the mean of the two middle runs, whatever the order", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });
});

describe("bench figures", () => {
  it("prints seconds and memory in readable units", () => {
    expect(formatSeconds(423.4)).toBe("0.42 s");
    expect(formatSeconds(12_345)).toBe("12.3 s");
    expect(formatSeconds(undefined)).toBe("—");
    expect(formatMemory(187_392)).toBe("183 MiB");
    expect(formatMemory(1.5 * 1024 * 1024)).toBe("1.50 GiB");
  });

  it("checks targets, failing a missing figure", () => {
    expect(atMost("1 s", 999, 1000)).toEqual({ label: "≤ 1 s", ok: true });
    expect(atMost("1 s", 1001, 1000).ok).toBe(false);
    expect(atLeast("2×", 2.4, 2)).toEqual({ label: "≥ 2×", ok: true });
    expect(atLeast("2×", Number.NaN, 2).ok).toBe(false);
  });
});

describe("bench table", () => {
  it("aligns the columns, right-aligns the figures and puts ✓/✗ next to each target", () => {
    const table = formatTable([
      {
        name: "render a",
        runs: 5,
        timeMs: 420,
        cpuMs: 380,
        memoryKib: 102_400,
        targets: [atMost("1 s", 420, 1000)],
      },
      { name: "ratio", runs: 3, ratio: 1.5, targets: [atLeast("2×", 1.5, 2)], note: "cdk8s / helix" },
    ]);
    expect(table).toBe(
      [
        "benchmark  runs  median time  median CPU  peak RSS  target   note",
        "─────────  ────  ───────────  ──────────  ────────  ───────  ─────────────",
        "render a      5       0.42 s      0.38 s   100 MiB  ≤ 1 s ✓",
        "ratio         3        1.50×           —         —  ≥ 2× ✗   cdk8s / helix",
        "",
      ].join("\n"),
    );
  });
});

describe("synthetic cluster", () => {
  it("renders and validates, so the benchmark measures a cluster that would pass", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-synthetic-"));
    try {
      const report = await renderCluster(syntheticCluster(3), { clusterDir: dir, write: false });
      // Per component: OCIRepository, HelmRelease, ConfigMap, Deployment and its Flux Kustomization.
      expect(report.objects).toBeGreaterThanOrEqual(3 * 5);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("synthetic one-component change", () => {
  it("given a changed component, when rendered, then exactly its HelmRelease differs", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-synthetic-"));
    try {
      const base = await renderCluster(syntheticCluster(4), { clusterDir: dir, write: false });
      const changed = await renderCluster(syntheticCluster(4, 2), { clusterDir: dir, write: false });
      const differing = [...base.files].filter(([path, content]) => changed.files.get(path) !== content);
      expect(differing.map(([path]) => path)).toEqual(["team-000/svc-00002/helmrelease.yaml"]);
      expect(changed.files.size).toBe(base.files.size);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("one incremental run", () => {
  it("measures every step and cdk8s's synth of the same objects, and leaves no folder behind", async () => {
    // Given a small synthetic cluster, when one run of the incremental suite is made with cdk8s
    const before = new Set(await readdir(tmpdir()));
    const ctx = { root: join(import.meta.dirname, ".."), runs: 1, gnuTime: false, progress: () => {} };
    const run = await oneRun(ctx, 5, true);
    // Then each re-render reports what it wrote and removed, and cdk8s's time is there. (Not what
    // it read: files written in the same clock tick as the previous render's seal are verified by
    // content, which a run this small and fast may hit.)
    const writtenRemoved = (io: string): string => io.split("/").slice(0, 2).join("/");
    expect(writtenRemoved(run.unchanged.io)).toBe("0/0");
    expect(writtenRemoved(run.changed.io)).toBe("1/0");
    expect(writtenRemoved(run.deleted.io)).toBe("1/0");
    expect(run.cdk8s).toBeGreaterThan(0);
    // And its temporary folder is gone
    const left = (await readdir(tmpdir())).filter(
      (e) => !before.has(e) && e.startsWith("helix-bench-incremental-"),
    );
    expect(left).toEqual([]);
  }, 120_000);
});

describe("the render script the bench times", () => {
  it("is package.json's, flags included, so the two cannot drift apart", async () => {
    const root = join(import.meta.dirname, "..");
    const { flags, script } = renderScriptArgs(root);
    const manifest = JSON.parse(await readFile(join(root, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    expect(["node", ...flags, script].join(" ")).toBe(manifest.scripts.render);
    expect(script).toBe("tools/render.ts");
  });

  it("fails on a render script of another shape instead of timing something else", async () => {
    const dir = await mkdtemp(join(tmpdir(), "bench-script-"));
    try {
      await writeFile(
        join(dir, "package.json"),
        JSON.stringify({ scripts: { render: "tsx tools/render.ts" } }),
      );
      expect(() => renderScriptArgs(dir)).toThrow(/render script is not "node <flags…> <script>.ts"/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
