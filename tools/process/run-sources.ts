// Preloaded (`node --conditions=helix-source --import ./tools/process/run-sources.ts <script>.ts`)
// by the npm scripts that run the workspace's TypeScript sources with Node's own type stripping
// instead of tsx: tsx transforms every module a render loads (some 1,200), Node strips only the
// types, and V8's compile cache keeps the stripped and compiled code between runs.
// No relative import here: this module is loaded before the hook that maps `./x.js` to `x.ts`.
import module from "node:module";
import { registerTsSiblingResolution } from "@helix-cluster/core/ts-siblings";

module.enableCompileCache?.();
registerTsSiblingResolution();
