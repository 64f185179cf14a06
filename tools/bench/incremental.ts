import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { childJson } from "./child-json.js";
import type { IncrementalStep } from "./incremental-child.js";
import { median } from "./stats.js";
import type { BenchContext } from "./suites.js";
import { atLeast, atMost, type BenchRow } from "./table.js";

const NODE_FLAGS = ["--conditions=helix-source", "--import", "tsx"];
const GIB_KIB = 1024 * 1024;

/** The figures of one run: each step in its own fresh process, on one folder. */
export interface IncrementalRun {
  readonly full: IncrementalStep;
  readonly memory: IncrementalStep;
  readonly unchanged: IncrementalStep;
  readonly changed: IncrementalStep;
  readonly deleted: IncrementalStep;
  /** cdk8s's full synth of the same objects, written to files. */
  readonly cdk8s?: number;
}

/**
 * Incremental re-renders of the synthetic cluster at each size from 1,000 components, as a user
 * re-runs the CLI: each step a fresh process (see incremental-child.ts) on one folder — a full
 * render into the empty folder, the same render in memory, a re-render with nothing changed,
 * one with one component changed, one after a rendered file was deleted by hand — and cdk8s's
 * full synth of the same objects. Ratios are taken per run (figures of the same run, so a busy
 * machine slows both sides), then the median: 1-changed re-render / in-memory render (target
 * ≤ 1.10, the writer adds at most 10 %) and cdk8s synth / 1-changed re-render (target ≥ 5×).
 */
export async function benchIncremental(
  ctx: BenchContext,
  sizes: readonly number[],
  cdk8s: boolean,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes.filter((s) => s >= 1000)) {
    const label = `incremental ${size.toLocaleString("en-US")} components`;
    const runs: IncrementalRun[] = [];
    for (let i = 1; i <= ctx.runs; i++) {
      ctx.progress(`${label}: run ${i}/${ctx.runs}`);
      runs.push(await oneRun(ctx, size, cdk8s));
    }
    rows.push(...rowsOf(label, size, runs, ctx.runs, cdk8s));
  }
  return rows;
}

/** One run of every step at one size, in a temporary folder removed afterwards. */
export async function oneRun(ctx: BenchContext, size: number, cdk8s: boolean): Promise<IncrementalRun> {
  const dir = await mkdtemp(join(tmpdir(), "helix-bench-incremental-"));
  const step = (name: string): Promise<IncrementalStep> =>
    childJson<IncrementalStep>(
      process.execPath,
      [...NODE_FLAGS, "tools/bench/incremental-child.ts", name, String(size), dir],
      ctx.root,
    );
  try {
    const full = await step("full");
    const memory = await step("memory");
    const unchanged = await step("rerender");
    const changed = await step("changed");
    await rm(join(dir, "rendered/team-000/svc-00000/configmap-svc-00000-config.yaml"));
    const deleted = await step("changed");
    const run = { full, memory, unchanged, changed, deleted };
    if (!cdk8s) return run;
    const c = await childJson<{ ms?: number }>(
      process.execPath,
      // cdk8s writes under <dir>/dist, beside the rendered folder, removed with it below.
      [...NODE_FLAGS, "tools/bench/synthetic-child.ts", "cdk8s", String(size), "files", dir],
      ctx.root,
    );
    return c.ms === undefined ? run : { ...run, cdk8s: c.ms };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

function rowsOf(
  label: string,
  size: number,
  runs: readonly IncrementalRun[],
  count: number,
  cdk8s: boolean,
): BenchRow[] {
  const time = (k: "full" | "memory" | "unchanged" | "changed" | "deleted"): number =>
    median(runs.map((r) => r[k].ms));
  const rss = (k: "full" | "memory" | "unchanged" | "changed" | "deleted"): number =>
    median(runs.map((r) => r[k].maxRssKib));
  const io = (k: "unchanged" | "changed" | "deleted"): string => `written/removed/read: ${runs[0]?.[k].io}`;
  const changedRss = rss("changed");
  const rows: BenchRow[] = [
    {
      name: `${label}: full render into an empty folder`,
      runs: count,
      timeMs: time("full"),
      memoryKib: rss("full"),
      note: `${runs[0]?.full.files ?? 0} files`,
    },
    {
      name: `${label}: render in memory (no files)`,
      runs: count,
      timeMs: time("memory"),
      memoryKib: rss("memory"),
    },
    {
      name: `${label}: re-render, nothing changed`,
      runs: count,
      timeMs: time("unchanged"),
      memoryKib: rss("unchanged"),
      note: io("unchanged"),
    },
    {
      name: `${label}: re-render, 1 component changed`,
      runs: count,
      timeMs: time("changed"),
      memoryKib: changedRss,
      targets: size >= 10_000 ? [atMost("1 GiB", changedRss, GIB_KIB)] : [],
      note: io("changed"),
    },
    {
      name: `${label}: re-render, 1 rendered file deleted by hand`,
      runs: count,
      timeMs: time("deleted"),
      memoryKib: rss("deleted"),
      note: io("deleted"),
    },
  ];
  const overhead = median(runs.map((r) => r.changed.ms / r.memory.ms));
  rows.push({
    name: `${label}: 1-changed re-render / in-memory render`,
    runs: count,
    ratio: overhead,
    targets: [atMost("1.10×", overhead, 1.1)],
  });
  const cpuOverhead = median(runs.map((r) => r.changed.cpuMs / r.memory.cpuMs));
  rows.push({
    name: `${label}: the same, in CPU time`,
    runs: count,
    ratio: cpuOverhead,
    note: "what the writer costs, less sensitive to other load",
  });
  rows.push({
    name: `${label}: full render / 1-changed re-render`,
    runs: count,
    ratio: median(runs.map((r) => r.full.ms / r.changed.ms)),
  });
  const withCdk8s = runs.filter((r) => r.cdk8s !== undefined);
  if (withCdk8s.length === runs.length && runs.length > 0) {
    const speedup = median(runs.map((r) => (r.cdk8s ?? Number.NaN) / r.changed.ms));
    rows.push({
      name: `${label}: cdk8s full synth (files) / 1-changed re-render`,
      runs: count,
      ratio: speedup,
      targets: [atLeast("5×", speedup, 5)],
      note: `cdk8s synth median ${(median(runs.map((r) => r.cdk8s ?? Number.NaN)) / 1000).toFixed(1)} s`,
    });
  } else if (cdk8s) rows.push({ name: `${label}: cdk8s`, runs: 0, note: "cdk8s is not installed" });
  return rows;
}
