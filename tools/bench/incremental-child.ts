// One step of the incremental benchmark in a fresh process, as a user runs the CLI again:
// `node --conditions=helix-source --import tsx tools/bench/incremental-child.ts <step> <size> <dir>`
// where <step> is `full` (render into the empty folder <dir>/rendered), `memory` (render without
// writing), `rerender` (render into the existing folder) or `changed` (render with one
// component changed into it). Prints one JSON line: time of the render call, peak RSS, and what
// the write did.
import { join } from "node:path";
import { renderCluster } from "@helix-cluster/core";
import { syntheticCluster } from "./synthetic.js";

/** The steps of one incremental run. */
export const INCREMENTAL_STEPS = ["full", "memory", "rerender", "changed"] as const;

/** What one step measured. */
export interface IncrementalStep {
  readonly ms: number;
  /** CPU time of the render call (user + system), less sensitive than wall time to a busy machine. */
  readonly cpuMs: number;
  readonly maxRssKib: number;
  readonly files: number;
  /** Files written, removed and read (verified), "written/removed/read"; "—" without writing. */
  readonly io: string;
}

const [step, sizeArg, dir] = process.argv.slice(2);
const size = Number(sizeArg);
if (!INCREMENTAL_STEPS.some((s) => s === step) || !Number.isInteger(size) || size <= 0 || !dir) {
  console.error(`usage: incremental-child.ts <${INCREMENTAL_STEPS.join("|")}> <size> <dir>`);
  process.exit(2);
}
const cluster = syntheticCluster(size, step === "changed" ? Math.floor(size / 2) : undefined);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const report = await renderCluster(cluster, {
  clusterDir: dir,
  outDir: join(dir, "rendered"),
  write: step !== "memory",
});
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
const w = report.writes[0];
const result: IncrementalStep = {
  ms,
  cpuMs: (cpu.user + cpu.system) / 1000,
  maxRssKib: process.resourceUsage().maxRSS,
  files: report.files.size,
  io: w ? `${w.created + w.replaced}/${w.removed}/${w.verified}` : "—",
};
console.log(JSON.stringify(result));
