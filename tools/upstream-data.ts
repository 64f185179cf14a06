import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
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
 * The folder `npm run upstream` fetches the upstream data into on a machine that has no copy of
 * its own: `$XDG_CACHE_HOME/helix-cluster/upstream`, else `~/.cache/helix-cluster/upstream`.
 */
export function upstreamCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME || join(homedir(), ".cache"), "helix-cluster", "upstream");
}

/** Where the upstream data was found, and how. */
export interface UpstreamLocation {
  readonly dir: string;
  /** `env`: $HELIX_UPSTREAM; `beside`: ../shared/upstream; `beside-origin`: beside the checkout cloned from; `cache`: fetched by npm run upstream; `none`: nowhere (dir is where it is looked for first). */
  readonly found: "env" | "beside" | "beside-origin" | "cache" | "none";
}

/**
 * Where the upstream data (CRDs, chart values schemas, charts; never committed here) is:
 * $HELIX_UPSTREAM, else `../shared/upstream` beside the repository, else beside the checkout this
 * one was cloned from (so a throw-away `git clone` of the workspace finds it too), else the cache
 * `npm run upstream` fetches into.
 */
export function locateUpstream(root: string): UpstreamLocation {
  const fromEnv = process.env[UPSTREAM_ENV];
  if (fromEnv) return { dir: resolve(fromEnv), found: "env" };
  const beside = resolve(root, "../shared/upstream");
  if (existsSync(beside)) return { dir: beside, found: "beside" };
  const origin = localOrigin(root);
  const besideOrigin = origin ? resolve(origin, "../shared/upstream") : undefined;
  if (besideOrigin && existsSync(join(besideOrigin, "crds")))
    return { dir: besideOrigin, found: "beside-origin" };
  const cache = upstreamCacheDir();
  if (existsSync(join(cache, "crds"))) return { dir: cache, found: "cache" };
  return { dir: beside, found: "none" };
}

/**
 * The upstream data folder ({@link locateUpstream}); when there is none, `../shared/upstream`
 * beside the repository, which {@link requireUpstreamData} then names in its message.
 */
export function defaultUpstreamDir(root: string): string {
  return locateUpstream(root).dir;
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
      `values schemas): run npm run upstream (it fetches and verifies them, see tools/upstream/manifest.json), or put ` +
      `a copy at ../shared/upstream beside this repository, or set ${UPSTREAM_ENV}, or pass ${flag} DIR`,
  );
  process.exit(2);
}
