// Global setup of the upstream-data suite: before any test, the upstream folder the tools will read
// must hold every entry of tools/upstream/manifest.json, verified; otherwise the suite stops at once
// with every missing or wrong file and what to do.
import { resolve } from "node:path";
import { readManifest } from "../upstream/manifest.js";
import { verifyUpstream } from "../upstream/verify.js";
import { locateUpstream } from "../upstream-data.js";

export default async function requireUpstreamData(): Promise<void> {
  const root = resolve(import.meta.dirname, "../..");
  const { dir, found } = locateUpstream(root);
  if (found === "none") {
    throw new Error(
      `the upstream-data suite needs the upstream data, and there is none (looked in $HELIX_UPSTREAM, ${dir} and the cache): run npm run upstream, which fetches and verifies it`,
    );
  }
  const report = await verifyUpstream(dir, await readManifest(root));
  if (report.problems.length === 0) return;
  throw new Error(
    [
      `the upstream data in ${dir} does not match tools/upstream/manifest.json (${report.problems.length} entries):`,
      ...report.problems.map((p) => `  ${p.file}: ${p.problem}`),
      "run npm run upstream for the details and to fetch what is missing",
    ].join("\n"),
  );
}
