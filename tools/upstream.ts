/**
 * `npm run upstream [-- --fetch] [--dir DIR]`: makes sure the upstream data the project needs
 * (tools/upstream/manifest.json) is on this machine and is exactly what the manifest pins.
 *
 * Without --dir the folder is $HELIX_UPSTREAM, else ../shared/upstream beside the repository (or
 * beside the checkout it was cloned from), else the cache (~/.cache/helix-cluster/upstream).
 * An existing copy (no network needed) is verified; the cache, or any folder with --fetch, also
 * gets every missing or wrong entry fetched from its origin and verified, plus a SOURCES.md for
 * `npm run generate`. Files are verified by SHA-256; charts by SHA-256 or, for the publisher's own
 * package of the same chart, by content digest. Exit 0 when every entry verifies, else 1 with
 * every entry that did not and why.
 */
import { mkdir, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { parseArgs } from "node:util";
import { fetchUpstream } from "./upstream/fetch.js";
import { readManifest } from "./upstream/manifest.js";
import { sourcesMarkdown } from "./upstream/sources-md.js";
import { verifyUpstream } from "./upstream/verify.js";
import { locateUpstream, UPSTREAM_ENV, upstreamCacheDir } from "./upstream-data.js";

const root = resolve(import.meta.dirname, "..");
const { values } = parseArgs({
  options: { fetch: { type: "boolean", default: false }, dir: { type: "string" } },
  strict: true,
});

const location = locateUpstream(root);
const dir = values.dir ? resolve(values.dir) : location.found === "none" ? upstreamCacheDir() : location.dir;
const from = values.dir
  ? "--dir"
  : location.found === "env"
    ? `$${UPSTREAM_ENV}`
    : location.found === "none" || location.found === "cache"
      ? "cache"
      : "../shared/upstream";
const manifest = await readManifest(root);
const total = manifest.files.length + manifest.charts.length;
const fetching = values.fetch || (!values.dir && (location.found === "none" || location.found === "cache"));

let problems: readonly { file: string; problem: string }[];
if (fetching) {
  console.log(`upstream data: fetching into ${dir} (${from}) what it lacks of ${total} pinned entries`);
  await mkdir(dir, { recursive: true });
  const report = await fetchUpstream(dir, manifest);
  for (const f of report.fetched) console.log(`  fetched ${f.file} from ${f.from} (verified by ${f.by})`);
  await writeFile(join(dir, "SOURCES.md"), sourcesMarkdown(manifest));
  console.log(
    `upstream data: ${report.present.length} already verified, ${report.fetched.length} fetched and verified, ${report.problems.length} not verified`,
  );
  problems = report.problems;
} else {
  const report = await verifyUpstream(dir, manifest);
  const byContent = report.verified.filter((v) => v.by === "content digest").length;
  console.log(
    `upstream data in ${dir} (${from}): ${report.verified.length} of ${total} entries verified` +
      (byContent > 0 ? ` (${byContent} charts by content digest)` : ""),
  );
  problems = report.problems;
}
if (problems.length > 0) {
  console.error(`\n${problems.length} of ${total} entries NOT verified:`);
  for (const p of problems) console.error(`  ${p.file}: ${p.problem}`);
  console.error(
    fetching
      ? "\nNothing was written for these. Check the origin in tools/upstream/manifest.json; if the publisher changed the file, review it and update its entry."
      : `\nFix or remove these files, or fetch them: npm run upstream -- --fetch --dir <folder> (then point ${UPSTREAM_ENV} at it).`,
  );
  process.exit(1);
}
