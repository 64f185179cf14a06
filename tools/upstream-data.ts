import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Environment variable naming the upstream data folder explicitly. */
export const UPSTREAM_ENV = "HELIX_UPSTREAM";

/** The folder a local `origin` remote points at, for a clone made from a checkout on disk. */
function localOrigin(root: string): string | undefined {
  let url: string;
  try {
    url = execFileSync("git", ["config", "--get", "remote.origin.url"], {
      cwd: root,
      encoding: "utf8",
    }).trim();
  } catch {
    return undefined;
  }
  if (url.startsWith("file://")) return fileURLToPath(url);
  return url && !/^[\w+.-]+:/.test(url) ? (isAbsolute(url) ? url : resolve(root, url)) : undefined;
}

/**
 * Where the upstream data (CRDs and chart values schemas, never committed here) is: $HELIX_UPSTREAM,
 * else `../shared/upstream` beside the repository, else beside the checkout this one was cloned
 * from (so a throw-away `git clone` of the workspace finds it too). Falls back to the first place,
 * which {@link requireUpstreamData} then names in its message.
 */
export function defaultUpstreamDir(root: string): string {
  const fromEnv = process.env[UPSTREAM_ENV];
  if (fromEnv) return resolve(fromEnv);
  const beside = resolve(root, "../shared/upstream");
  if (existsSync(beside)) return beside;
  const origin = localOrigin(root);
  const besideOrigin = origin ? resolve(origin, "../shared/upstream") : undefined;
  return besideOrigin && existsSync(join(besideOrigin, "crds")) ? besideOrigin : beside;
}

/**
 * Checks that `dir` holds the upstream data (crds/ and values-schemas/), which is never committed
 * here. Exits with a message saying where it is looked for, instead of a bare ENOENT from deep
 * inside a tool.
 */
export function requireUpstreamData(dir: string, flag: string): void {
  const missing = ["crds", "values-schemas"].filter((sub) => !existsSync(join(dir, sub)));
  if (missing.length === 0) return;
  console.error(
    `no upstream data in ${dir} (missing ${missing.map((m) => `${m}/`).join(", ")}): put the upstream folder (CRDs and chart ` +
      `values schemas, see its SOURCES.md) at ../shared/upstream beside this repository, or set ${UPSTREAM_ENV}, or pass ${flag} DIR`,
  );
  process.exit(2);
}
