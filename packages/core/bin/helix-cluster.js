#!/usr/bin/env node
// The published CLI runs the compiled code in dist/. A render loads some 800 modules: V8's
// on-disk code cache (Node ≥ 22.1) spares compiling them again on every run.
import module from "node:module";

module.enableCompileCache?.();
const { main } = await import("../dist/cli/main.js");
process.exitCode = await main(process.argv.slice(2));
