#!/usr/bin/env -S node --conditions=helix-source --import tsx
// `npm run diff -- --base <rev> [--format markdown] [clusters/<name>/cluster.ts…]`: what renders
// differently between a git revision and the working tree, per cluster (every cluster by default).
// The work is done by `helix-cluster diff`; this script parses revisions as strings (a sha such as
// 1234567 must not become a number) and passes them on.
import { runCli } from "@helix-cluster/core";
import { parseArgv } from "zx";

const args = parseArgv(process.argv.slice(2), { string: ["base", "format"], boolean: ["help"] });
if (args.help || !args.base) {
  console.error("usage: npm run diff -- --base <rev> [--format text|markdown] [clusters/<name>/cluster.ts…]");
  process.exit(args.help ? 0 : 2);
}
process.exitCode = await runCli([
  "diff",
  "--base",
  String(args.base),
  ...(args.format ? ["--format", String(args.format)] : []),
  ...args._.map(String),
]);
