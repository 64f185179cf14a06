#!/usr/bin/env node
// The published CLI runs the compiled code in dist/. Before loading any of it, two checks that
// would otherwise end in a stack trace: a Node older than package.json's engines.node (dist/
// imports `registerHooks` from node:module by name, so Node 20 fails while linking), and a
// checkout where dist/ was never built. Nothing above the dynamic import may need a newer Node.
import { existsSync, readFileSync } from "node:fs";
import module from "node:module";

const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
const required = String(manifest.engines?.node ?? "").replace(/^>=\s*/, "");
const entry = new URL("../dist/cli/main.js", import.meta.url);

if (!atLeast(process.versions.node, required)) {
  process.stderr.write(
    `helix-cluster needs Node ${required} or newer; this is Node ${process.versions.node} (${process.execPath}). ` +
      "Install a newer Node (in the helix-cluster workspace, npm scripts and npx run the Node 24 it pins).\n",
  );
  process.exitCode = 1;
} else if (!existsSync(entry)) {
  process.stderr.write(
    `helix-cluster: ${entry.pathname} is missing: @helix-cluster/core is not built. Run \`npm run build\` ` +
      "first, or, inside the helix-cluster workspace, run the CLI from source: `npm run -s helix-cluster -- <command>`.\n",
  );
  process.exitCode = 1;
} else {
  // A render loads some 800 modules: V8's on-disk code cache (Node ≥ 22.1) spares compiling them again.
  module.enableCompileCache?.();
  const { main } = await import("../dist/cli/main.js");
  process.exitCode = await main(process.argv.slice(2));
}

/** True when version "a.b.c" is at least "x.y.z" (numeric parts, missing parts 0). */
function atLeast(version, minimum) {
  const have = version.split(".").map(Number);
  const need = minimum.split(".").map(Number);
  for (let i = 0; i < Math.max(have.length, need.length); i++) {
    const diff = (have[i] ?? 0) - (need[i] ?? 0);
    if (diff !== 0) return diff > 0;
  }
  return true;
}
