import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { ToolUnavailableError } from "../chart-check/bundled-tools.js";
import { checkCharts } from "../chart-check/check-charts.js";
import { type ChartCheckSession, chartCheckSession } from "../chart-check/check-session.js";
import { chartCheckDetails, chartCheckProblems, chartCheckSummary } from "../chart-check/format-report.js";
import { loadClusterEntry } from "../render/load-entry.js";
import type { CliOutput } from "./output.js";
import { CHECK_CHARTS_USAGE } from "./usage.js";

interface Io {
  readonly out: CliOutput;
  readonly err: CliOutput;
}

/**
 * Runs `helix-cluster check-charts <entries…> [--charts DIR] [--no-settings] [--cache DIR]`: the
 * chart check of each cluster, every problem listed, then one summary line per cluster. Returns 0
 * when no cluster has a problem, 1 when one has, 2 on a usage error or when Helm cannot run here.
 */
export async function checkChartsCommand(args: readonly string[], io: Io): Promise<number> {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    io.err.write(
      `${error instanceof Error ? error.message : String(error)}\nusage:\n${CHECK_CHARTS_USAGE}\n`,
    );
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.out.write(`usage:\n${CHECK_CHARTS_USAGE}\n`);
    return 0;
  }
  if (positionals.length === 0) {
    io.err.write(`usage:\n${CHECK_CHARTS_USAGE}\n`);
    return 2;
  }
  const chartsDir = values.charts ? resolve(values.charts) : defaultChartsDir(positionals[0] ?? ".");
  if (!existsSync(chartsDir)) {
    io.err.write(
      `no chart folder at ${chartsDir}: pass --charts DIR (packaged charts named <chart>-<version>.tgz) or set HELIX_UPSTREAM to the upstream data folder holding charts/\n`,
    );
    return 2;
  }
  let session: ChartCheckSession;
  try {
    session = chartCheckSession(values.cache ? { cacheDir: resolve(values.cache) } : {});
  } catch (error) {
    if (!(error instanceof ToolUnavailableError)) throw error;
    io.err.write(`check-charts: ${error.message}\n`);
    return 2;
  }
  let failed = false;
  const clusters: Awaited<ReturnType<typeof loadClusterEntry>>[] = [];
  for (const entry of positionals) {
    try {
      clusters.push(await loadClusterEntry(entry));
    } catch (error) {
      io.err.write(`${entry}: ${error instanceof Error ? error.message : String(error)}\n`);
      failed = true;
    }
  }
  // The clusters are checked at once in one session: a release two clusters template alike is
  // templated once, and the helm slots stay busy. Reports are printed in the order given, each
  // with the time from the start to its end.
  const started = performance.now();
  const checks = clusters.map(async (cluster) => {
    const report = await checkCharts(cluster, {
      chartsDir,
      session,
      analyseSettings: !values["no-settings"],
    });
    return { report, seconds: (performance.now() - started) / 1000 };
  });
  for (const check of checks) {
    const { report, seconds } = await check;
    for (const line of chartCheckProblems(report)) io.err.write(`${line}\n`);
    for (const line of chartCheckDetails(report)) io.out.write(`${line}\n`);
    io.out.write(`${chartCheckSummary(report, seconds)}\n`);
    if (report.problems.length > 0) failed = true;
  }
  return failed ? 1 : 0;
}

/**
 * `$HELIX_UPSTREAM/charts`, else `../shared/upstream/charts` beside the git repository holding the
 * entry (where the upstream data of this workspace lives).
 */
function defaultChartsDir(entry: string): string {
  const fromEnv = process.env.HELIX_UPSTREAM;
  if (fromEnv) return join(resolve(fromEnv), "charts");
  let dir = dirname(resolve(entry));
  while (!existsSync(join(dir, ".git")) && dirname(dir) !== dir) dir = dirname(dir);
  return resolve(dir, "../shared/upstream/charts");
}

function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    options: {
      charts: { type: "string" },
      cache: { type: "string" },
      "no-settings": { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
}
