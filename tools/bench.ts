#!/usr/bin/env -S node --conditions=helix-source --import tsx
// `npm run bench [-- --runs N] [--sizes 100,1000,10000] [--skip clusters,synthetic,incremental,cdk8s,npm,nx,charts] [--rusage]`:
// render benchmarks, each figure the median of N runs, printed as a table with the targets.
// Benchmarks, not tests: nothing fails on a missed target. A failing command ends the run with exit 1,
// SIGINT/SIGTERM with 130/143; either way no child process or temporary folder is left behind.
import { glob, parseArgv, path } from "zx";
import { benchChartCheck } from "./bench/chart-check-suite.js";
import { benchIncremental } from "./bench/incremental.js";
import { hasGnuTime } from "./bench/measure.js";
import { type BenchContext, benchClusters, benchNpmRender, benchNx, benchSynthetic } from "./bench/suites.js";
import { type BenchRow, formatTable } from "./bench/table.js";
import { exitCleanlyOnSignals, signalled, stopEverything } from "./process/tracked.js";

const root = path.resolve(import.meta.dirname, "..");
const args = parseArgv(process.argv.slice(2), { string: ["sizes", "skip", "runs"], boolean: ["rusage"] });
const runs = Number(args.runs ?? 5);
const sizes = String(args.sizes ?? "100,1000,10000")
  .split(",")
  .map((s) => Number(s.replaceAll("_", "")));
const skip = new Set(String(args.skip ?? "").split(","));
if (!Number.isInteger(runs) || runs < 1 || sizes.some((s) => !Number.isInteger(s) || s < 1)) {
  console.error(
    "usage: npm run bench -- [--runs N] [--sizes 100,1000,10000] [--skip clusters,synthetic,incremental,cdk8s,npm,nx,charts]",
  );
  process.exit(2);
}

exitCleanlyOnSignals("bench");
// --rusage measures memory with the wrapper child even where GNU time exists.
const gnuTime = !args.rusage && (await hasGnuTime());
const ctx: BenchContext = { root, runs, gnuTime, progress: (line) => process.stderr.write(`· ${line}\n`) };
const rows: BenchRow[] = [];
try {
  if (!skip.has("clusters")) {
    const entries = (await glob("clusters/*/cluster.ts", { cwd: root })).sort();
    rows.push(...(await benchClusters(ctx, entries)));
  }
  if (!skip.has("synthetic")) rows.push(...(await benchSynthetic(ctx, sizes, !skip.has("cdk8s"))));
  if (!skip.has("incremental")) rows.push(...(await benchIncremental(ctx, sizes, !skip.has("cdk8s"))));
  if (!skip.has("npm")) rows.push(...(await benchNpmRender(ctx)));
  if (!skip.has("nx")) rows.push(...(await benchNx(ctx)));
  if (!skip.has("charts")) {
    const entries = (await glob("clusters/*/cluster.ts", { cwd: root })).sort();
    rows.push(...(await benchChartCheck(ctx, entries)));
  }
} catch (error) {
  await signalled();
  console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
  await stopEverything();
  process.exit(1);
}

console.log(formatTable(rows));
console.log(
  `Each figure is the median of ${runs} run${runs === 1 ? "" : "s"}. Peak RSS of spawned processes: ${
    gnuTime
      ? "/usr/bin/time -v"
      : `process.resourceUsage() in a wrapper child (${args.rusage ? "--rusage" : "GNU time not installed"})`
  }; synthetic sizes: process.resourceUsage() of a fresh child per run.`,
);
