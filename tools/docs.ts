#!/usr/bin/env -S node --conditions=helix-source --import tsx
// `npm run docs [-- --check] [clusters/<name>/cluster.ts…]`: writes docs/clusters/<name>.md, the
// status page of each cluster (services configured, charts, versions, Flux dependency graph),
// computed from the code. `--check` writes nothing and fails when a page is out of date.
import { ClusterProblemsError } from "@helix-cluster/core";
import { chalk, glob, parseArgv, path } from "zx";
import { writeClusterDocs } from "./docs/cluster-doc.js";

const root = path.resolve(import.meta.dirname, "..");
const args = parseArgv(process.argv.slice(2), { boolean: ["check"] });
const given = args._.map(String);
const entries =
  given.length > 0
    ? given
    : (await glob("clusters/*/cluster.ts", { cwd: root })).sort().map((e) => path.join(root, e));
try {
  const { changed, orphans } = await writeClusterDocs(root, entries, {
    check: args.check === true,
    all: given.length === 0,
  });
  if (args.check) {
    for (const p of [...changed, ...orphans]) console.error(chalk.red(`out of date: ${p}`));
    if (changed.length + orphans.length > 0) {
      console.error("run `npm run docs` and commit the result");
      process.exitCode = 1;
    } else console.log(`docs of ${entries.length} cluster${entries.length === 1 ? "" : "s"} are current`);
  } else {
    for (const p of changed) console.log(`wrote ${p}`);
    for (const p of orphans) console.log(`removed ${p}`);
    if (changed.length + orphans.length === 0) console.log("docs are current");
  }
} catch (error) {
  console.error(error instanceof ClusterProblemsError ? error.message : String(error));
  process.exitCode = 1;
}
