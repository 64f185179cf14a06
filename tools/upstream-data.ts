import { existsSync } from "node:fs";
import { join } from "node:path";

/**
 * Checks that `dir` holds the upstream data (crds/ and values-schemas/), which is never committed
 * here: it lives beside the repository (../shared/upstream) or wherever `flag` points. Exits with
 * a message saying so, instead of a bare ENOENT from deep inside a tool.
 */
export function requireUpstreamData(dir: string, flag: string): void {
  const missing = ["crds", "values-schemas"].filter((sub) => !existsSync(join(dir, sub)));
  if (missing.length === 0) return;
  console.error(
    `no upstream data in ${dir} (missing ${missing.map((m) => `${m}/`).join(", ")}): put the upstream folder (CRDs and chart ` +
      `values schemas, see its SOURCES.md) at ../shared/upstream beside this repository, or pass ${flag} DIR`,
  );
  process.exit(2);
}
