/**
 * Generates core's models (packages/core/src/generated/{models,registry.ts}) from the upstream CRDs,
 * and each chart's values type and validator from its values schema into the package that pins the
 * chart (packages/<package>/src/generated/values/<chart>-<version>.ts, see
 * tools/generate/values-owners.ts). See tools/generate/*.ts.
 *
 *   npx tsx tools/generate.ts [--upstream DIR] [--out DIR]
 *
 * --upstream  folder with crds/, values-schemas/ and SOURCES.md (default: $HELIX_UPSTREAM, else
 *             ../shared/upstream beside the workspace or beside the checkout it was cloned from)
 * --out       workspace folder to write into (default: this workspace); the generated folders
 *             under its packages/ are deleted and rewritten
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_UPSTREAM, runGenerate, WORKSPACE_ROOT } from "./generate/run.js";
import { requireUpstreamData } from "./upstream-data.js";

const { values } = parseArgs({
  options: {
    upstream: { type: "string", default: DEFAULT_UPSTREAM },
    out: { type: "string", default: WORKSPACE_ROOT },
  },
  strict: true,
});

requireUpstreamData(resolve(values.upstream ?? DEFAULT_UPSTREAM), "--upstream");
const started = performance.now();
const report = await runGenerate({
  upstream: resolve(values.upstream ?? DEFAULT_UPSTREAM),
  root: resolve(values.out ?? WORKSPACE_ROOT),
});
for (const line of report.skipped) console.log(`skipped ${line}`);
console.log(
  `wrote ${report.files} files (${(report.bytes / 1024 / 1024).toFixed(1)} MiB) to ${resolve(values.out ?? WORKSPACE_ROOT)} ` +
    `in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
