// `npm run conformance [-- --schemas DIR] [rendered dirs…]`: every rendered object and every
// HelmRelease's values against the raw upstream CRDs and values schemas (like kubeconform -strict).
import { compareEntryKeys } from "@helix-cluster/core";
import { argv, chalk, glob, path } from "zx";
import { runConformance } from "./conformance/check.js";
import { defaultUpstreamDir, requireUpstreamData } from "./upstream-data.js";

const root = path.resolve(import.meta.dirname, "..");
const schemas = path.resolve(String(argv.schemas ?? defaultUpstreamDir(root)));
requireUpstreamData(schemas, "--schemas");
const dirs =
  argv._.length > 0
    ? argv._.map((d) => path.resolve(String(d)))
    : (await glob("clusters/*/rendered", { cwd: root, onlyDirectories: true }))
        .sort()
        .map((d) => path.join(root, d));

const report = await runConformance(schemas, dirs, root);
for (const p of report.problems) console.error(`${p.file}: ${p.object} ${p.path}: ${p.message}`);
const missing = [...report.withoutSchema]
  .sort(compareEntryKeys)
  .map(([k, n]) => `${k.replace("|", " ")} (${n})`);
console.log(
  `conformance: ${report.objects} objects, ${report.validatedObjects} validated against CRD schemas, ${report.validatedValues} HelmRelease values against chart schemas, ${report.problems.length} problems`,
);
if (missing.length > 0) console.log(chalk.dim(`no schema in ${schemas} for: ${missing.join(", ")}`));
process.exitCode = report.problems.length > 0 ? 1 : 0;
