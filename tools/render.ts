#!/usr/bin/env -S node --conditions=helix-source --import tsx
import { runCli } from "@helix-cluster/core";
// Renders cluster entries into their rendered/ folders: the script behind `npm run render` and
// every cluster project's Nx `render` target.
import { argv, chalk, glob, path } from "zx";
import { writeClusterDocs } from "./docs/cluster-doc.js";

const root = path.resolve(import.meta.dirname, "..");
const given = argv._.map(String);
// No argument: every cluster of the workspace.
const entries =
  given.length > 0
    ? given
    : (await glob("clusters/*/cluster.ts", { cwd: root })).sort().map((e) => path.join(root, e));
if (entries.length === 0) {
  console.error(chalk.red("no cluster entries found"));
  process.exit(2);
}
process.exitCode = await runCli(["render", ...entries, ...(argv.out ? ["--out", String(argv.out)] : [])]);
// After a successful render into the clusters' own folders, their status pages follow (docs/clusters/).
if (process.exitCode === 0 && !argv.out) {
  const { changed } = await writeClusterDocs(root, entries, { validate: false, all: given.length === 0 });
  for (const p of changed) console.log(`wrote ${p}`);
}
