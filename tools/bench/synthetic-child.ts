// One synthetic measurement in a fresh process, so peak memory belongs to that size alone:
// `node --conditions=helix-source --import tsx tools/bench/synthetic-child.ts <helix|cdk8s> <size> <files|memory> <dir>`.
// Prints one JSON line: { ms, maxRssKib, objects, phases? } or { missing: "cdk8s" }. Writes only
// under <dir>, an empty folder the parent made and removes, also when it stops this process.
import { join } from "node:path";
import { renderCluster } from "@helix-cluster/core";
import { loadCdk8s, synthesizeWithCdk8s } from "./cdk8s-engine.js";
import { syntheticCluster, syntheticSpecs } from "./synthetic.js";

const [engine, sizeArg, mode, dir = ""] = process.argv.slice(2);
const size = Number(sizeArg);
if (
  (engine !== "helix" && engine !== "cdk8s") ||
  !Number.isInteger(size) ||
  size <= 0 ||
  (mode !== "files" && mode !== "memory") ||
  dir === ""
) {
  console.error("usage: synthetic-child.ts <helix|cdk8s> <size> <files|memory> <dir>");
  process.exit(2);
}
if (engine === "helix") {
  const started = performance.now();
  const report = await renderCluster(syntheticCluster(size), {
    clusterDir: dir,
    outDir: join(dir, "rendered"),
    write: mode === "files",
  });
  const ms = performance.now() - started;
  const maxRssKib = process.resourceUsage().maxRSS;
  console.log(JSON.stringify({ ms, maxRssKib, objects: report.objects, phases: report.timings }));
} else {
  const cdk8s = await loadCdk8s();
  if (!cdk8s) console.log(JSON.stringify({ missing: "cdk8s" }));
  else {
    const started = performance.now();
    const objects = synthesizeWithCdk8s(
      cdk8s,
      syntheticSpecs(size),
      mode === "files" ? join(dir, "dist") : undefined,
    );
    const ms = performance.now() - started;
    console.log(JSON.stringify({ ms, maxRssKib: process.resourceUsage().maxRSS, objects }));
  }
}
