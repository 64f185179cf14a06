import { childJson } from "./child-json.js";
import type { IncrementalResult } from "./incremental-child.js";
import { median } from "./stats.js";
import type { BenchContext } from "./suites.js";
import { atLeast, atMost, type BenchRow } from "./table.js";

const NODE_FLAGS = ["--conditions=helix-source", "--import", "tsx"];
const GIB_KIB = 1024 * 1024;

/**
 * Incremental re-renders of the synthetic cluster at each size (1,000 components and up), each
 * run a fresh child (see incremental-child.ts), and per run cdk8s's full synth of the same
 * objects written to files. Ratios are taken per run, from figures of that run, then the median:
 * 1-changed re-render / in-memory render (target ≤ 1.10: the writer adds at most 10 %) and
 * cdk8s synth / 1-changed re-render (target ≥ 5×).
 */
export async function benchIncremental(
  ctx: BenchContext,
  sizes: readonly number[],
  cdk8s: boolean,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const size of sizes.filter((s) => s >= 1000)) {
    const label = `incremental ${size.toLocaleString("en-US")} components`;
    const runs: IncrementalResult[] = [];
    const cdk: number[] = [];
    for (let i = 1; i <= ctx.runs; i++) {
      ctx.progress(`${label}: helix run ${i}/${ctx.runs}`);
      runs.push(
        await childJson<IncrementalResult>(
          process.execPath,
          [...NODE_FLAGS, "tools/bench/incremental-child.ts", String(size)],
          ctx.root,
        ),
      );
      if (!cdk8s) continue;
      ctx.progress(`${label}: cdk8s run ${i}/${ctx.runs}`);
      const c = await childJson<{ ms?: number; missing?: string }>(
        process.execPath,
        [...NODE_FLAGS, "tools/bench/synthetic-child.ts", "cdk8s", String(size), "files"],
        ctx.root,
      );
      if (c.ms !== undefined) cdk.push(c.ms);
    }
    const m = (k: "full" | "unchanged" | "memory" | "changed" | "deleted"): number =>
      median(runs.map((r) => r[k]));
    const first = runs[0];
    const files = `${first?.files ?? 0} files`;
    const rss = median(runs.map((r) => r.maxRssKib));
    rows.push(
      { name: `${label}: full render into an empty folder`, runs: ctx.runs, timeMs: m("full"), note: files },
      {
        name: `${label}: render in memory (no files)`,
        runs: ctx.runs,
        timeMs: m("memory"),
        note: "same process, warm",
      },
      {
        name: `${label}: re-render, nothing changed`,
        runs: ctx.runs,
        timeMs: m("unchanged"),
        note: `written/removed/read: ${first?.io.unchanged}`,
      },
      {
        name: `${label}: re-render, 1 component changed`,
        runs: ctx.runs,
        timeMs: m("changed"),
        memoryKib: rss,
        targets: size >= 10_000 ? [atMost("1 GiB", rss, GIB_KIB)] : [],
        note: `written/removed/read: ${first?.io.changed}; peak RSS of the whole run`,
      },
      {
        name: `${label}: re-render, 1 rendered file deleted by hand`,
        runs: ctx.runs,
        timeMs: m("deleted"),
        note: `written/removed/read: ${first?.io.deleted}`,
      },
    );
    const overhead = median(runs.map((r) => r.changed / r.memory));
    rows.push({
      name: `${label}: 1-changed re-render / in-memory render`,
      runs: ctx.runs,
      ratio: overhead,
      targets: [atMost("1.10×", overhead, 1.1)],
    });
    if (cdk.length === runs.length && cdk.length > 0) {
      const speedup = median(runs.map((r, i) => (cdk[i] ?? Number.NaN) / r.changed));
      rows.push({
        name: `${label}: cdk8s full synth (files) / 1-changed re-render`,
        runs: ctx.runs,
        ratio: speedup,
        targets: [atLeast("5×", speedup, 5)],
        note: `cdk8s median ${(median(cdk) / 1000).toFixed(1)} s`,
      });
    } else if (cdk8s) rows.push({ name: `${label}: cdk8s`, runs: 0, note: "cdk8s is not installed" });
  }
  return rows;
}
