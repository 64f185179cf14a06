#!/usr/bin/env -S node --max-semi-space-size=16 --conditions=helix-source --import ./tools/process/run-sources.ts
// Renders cluster entries into their rendered/ folders: the script behind `npm run render` and
// every cluster project's Nx `render` target. It imports only what a render needs (no zx: its
// start-up alone costs about a tenth of a second of CPU).
import { existsSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { compareCodePoints, runCli } from "@helix-cluster/core";
import { writeClusterDocs } from "./docs/cluster-doc.js";

const root = resolve(import.meta.dirname, "..");
let parsed: ReturnType<typeof parseRenderArgs>;
try {
  parsed = parseRenderArgs();
} catch (error) {
  console.error(
    `${error instanceof Error ? error.message : String(error)}\nusage: render [<cluster entry>…] [--out DIR]`,
  );
  process.exit(2);
}
const given = parsed.positionals;
// No argument: every cluster of the workspace.
const entries = given.length > 0 ? given : await workspaceEntries();
if (entries.length === 0) {
  console.error("no cluster entries found (clusters/*/cluster.ts)");
  process.exit(2);
}
const out = parsed.values.out;
process.exitCode = await runCli(["render", ...entries, ...(out ? ["--out", out] : [])]);
// After a successful render into the clusters' own folders, their status pages follow (docs/clusters/).
if (process.exitCode === 0 && !out) {
  const { changed } = await writeClusterDocs(root, entries, { validate: false, all: given.length === 0 });
  for (const p of changed) console.log(`wrote ${p}`);
}

function parseRenderArgs() {
  return parseArgs({ allowPositionals: true, options: { out: { type: "string" } } });
}

/** `clusters/<name>/cluster.ts` of every cluster folder, in code-point order of the names. */
async function workspaceEntries(): Promise<string[]> {
  const names = (await readdir(join(root, "clusters"), { withFileTypes: true }))
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort(compareCodePoints);
  return names.map((n) => join(root, "clusters", n, "cluster.ts")).filter((e) => existsSync(e));
}
