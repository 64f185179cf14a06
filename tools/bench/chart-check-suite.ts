import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runProcess } from "./measure.js";
import { median } from "./stats.js";
import type { BenchContext } from "./suites.js";
import type { BenchRow } from "./table.js";

const SCRIPT = ["--conditions=helix-source", "--import", "tsx", "tools/chart-check.ts"];

/**
 * The chart check of each cluster as a whole process (`npm run chart-check -- <entry>`): cold, with
 * an empty result cache (every release templated and its settings analysed; one run, it takes
 * minutes), then warm, every release from the cache (the median of the usual runs). A run that
 * finds problems (exit 1) still counts: the cost is the same.
 */
export async function benchChartCheck(ctx: BenchContext, entries: readonly string[]): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  for (const entry of entries) {
    const name = entry.split("/").at(-2) ?? entry;
    const cache = await mkdtemp(join(tmpdir(), "helix-bench-chart-check-"));
    try {
      const run = (label: string) => {
        ctx.progress(`chart-check ${name}: ${label}`);
        const script = [...SCRIPT, entry, "--cache", cache];
        const args = ctx.gnuTime ? script : ["tools/bench/rusage-child.mjs", ...script];
        return runProcess(process.execPath, args, { cwd: ctx.root, gnuTime: ctx.gnuTime, okCodes: [0, 1] });
      };
      const cold = await run("cold (empty cache)");
      rows.push({
        name: `chart-check ${name}, cold (empty cache)`,
        runs: 1,
        timeMs: cold.ms,
        ...(cold.maxRssKib === undefined ? {} : { memoryKib: cold.maxRssKib }),
        note: "every release templated, settings analysed",
      });
      const warm = [];
      for (let i = 1; i <= ctx.runs; i++) warm.push(await run(`warm ${i}/${ctx.runs}`));
      const rss = warm.flatMap((r) => (r.maxRssKib === undefined ? [] : [r.maxRssKib]));
      rows.push({
        name: `chart-check ${name}, warm (every release cached)`,
        runs: ctx.runs,
        timeMs: median(warm.map((r) => r.ms)),
        ...(rss.length > 0 ? { memoryKib: median(rss) } : {}),
        note: "no helm run; objects re-checked",
      });
    } finally {
      await rm(cache, { recursive: true, force: true });
    }
  }
  return rows;
}
