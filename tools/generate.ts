/**
 * Generates packages/core/src/generated/{models,values} from the upstream CRDs and Helm values
 * schemas (see tools/generate/*.ts).
 *
 *   npx tsx tools/generate.ts [--upstream DIR] [--out DIR]
 *
 * --upstream  folder with crds/, values-schemas/ and SOURCES.md (default: $HELIX_UPSTREAM, else
 *             ../shared/upstream beside the workspace or beside the checkout it was cloned from)
 * --out       output folder (default: packages/core/src/generated); its models/ and values/
 *             sub-folders are deleted and rewritten
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_OUT, DEFAULT_UPSTREAM, runGenerate } from "./generate/run.js";
import { requireUpstreamData } from "./upstream-data.js";

const { values } = parseArgs({
  options: {
    upstream: { type: "string", default: DEFAULT_UPSTREAM },
    out: { type: "string", default: DEFAULT_OUT },
  },
  strict: true,
});

requireUpstreamData(resolve(values.upstream ?? DEFAULT_UPSTREAM), "--upstream");
const started = performance.now();
const report = await runGenerate({
  upstream: resolve(values.upstream ?? DEFAULT_UPSTREAM),
  out: resolve(values.out ?? DEFAULT_OUT),
});
for (const line of report.skipped) console.log(`skipped ${line}`);
console.log(
  `wrote ${report.files} files (${(report.bytes / 1024 / 1024).toFixed(1)} MiB) to ${resolve(values.out ?? DEFAULT_OUT)} ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
