#!/usr/bin/env -S node --conditions=helix-source --import tsx
// `npm run chart-check [-- --charts DIR] [--no-settings] [clusters/<name>/cluster.ts…]`: the chart
// check of every cluster (or the given entries): each HelmRelease templated with the bundled Helm as
// helm-controller would, and what the charts create checked. Also every cluster project's Nx
// `check-charts` target. Charts are read from <upstream>/charts (see tools/upstream-data.ts).
import { runCli } from "@helix-cluster/core";
import { chalk, glob, parseArgv, path } from "zx";
import { defaultUpstreamDir } from "./upstream-data.js";

const root = path.resolve(import.meta.dirname, "..");
const args = parseArgv(process.argv.slice(2), {
  string: ["charts", "cache"],
  boolean: ["settings"],
  default: { settings: true },
});
const given = args._.map((e) => path.resolve(String(e)));
const entries =
  given.length > 0
    ? given
    : (await glob("clusters/*/cluster.ts", { cwd: root })).sort().map((e) => path.join(root, e));
if (entries.length === 0) {
  console.error(chalk.red("no cluster entries found"));
  process.exit(2);
}
const charts = path.resolve(String(args.charts ?? path.join(defaultUpstreamDir(root), "charts")));
process.exitCode = await runCli([
  "check-charts",
  ...entries,
  "--charts",
  charts,
  ...(args.settings === false ? ["--no-settings"] : []),
  ...(args.cache ? ["--cache", String(args.cache)] : []),
]);
