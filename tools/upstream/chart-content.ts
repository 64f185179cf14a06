/**
 * The content digest of a packaged Helm chart (.tgz): what the chart holds, independent of how it
 * was packed. Our charts were rebuilt from their publishers' sources, and `helm package` rewrites
 * Chart.yaml and the archive itself, so a chart fetched from its publisher can hold the same
 * files in different bytes. The digest is a SHA-256 over one line per file, sorted by path
 * (code point order):
 *
 * - `Chart.yaml` and `Chart.lock` as parsed data (canonical JSON, keys sorted), so key order,
 *   quoting and formatting do not count; Chart.lock's `generated` timestamp is left out;
 * - a dependency packed inside `charts/` (a nested .tgz) by its own content digest, recursively;
 * - every other file by the SHA-256 of its bytes.
 *
 * Paths are relative to the chart's folder (the archive's first path component is dropped).
 * Entries that are not files (folders, links) carry no content of their own.
 */
import { createHash } from "node:crypto";
import { gunzipSync } from "node:zlib";
import { Parser, type ReadEntry } from "tar";
import { parse } from "yaml";

/** Differences the publisher's package is known to have, left out of the digest with a reason. */
export interface ChartContentExceptions {
  /** Files (paths inside the chart) the digest leaves out. @default [] */
  readonly ignoreFiles?: readonly string[];
  /** Chart.yaml keys left out, as paths of keys (`["annotations", "artifacthub.io/changes"]`). @default [] */
  readonly ignoreChartKeys?: readonly (readonly string[])[];
  /** Why: which publisher step adds what we did not rebuild. */
  readonly reason: string;
}

/** The files of a .tgz, by their path inside the archive. */
export async function readTgz(tgz: Uint8Array): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  const parser = new Parser({
    onReadEntry: (entry: ReadEntry) => {
      if (entry.type !== "File" && entry.type !== "OldFile") {
        entry.resume();
        return;
      }
      const chunks: Buffer[] = [];
      entry.on("data", (c: Buffer) => chunks.push(c));
      entry.on("end", () => files.set(entry.path, Buffer.concat(chunks)));
    },
  });
  await new Promise<void>((resolve, reject) => {
    parser.on("end", () => resolve());
    parser.on("error", reject);
    parser.on("warn", (code: string, message: string | Error) => {
      if (code === "TAR_BAD_ARCHIVE" || code === "TAR_ABORT") reject(new Error(String(message)));
    });
    parser.end(gunzipSync(tgz));
  });
  return files;
}

function sortedKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortedKeys);
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : a > b ? 1 : 0,
    );
    return Object.fromEntries(entries.map(([k, v]) => [k, sortedKeys(v)]));
  }
  return value;
}

function withoutKey(data: unknown, path: readonly string[]): void {
  let node = data;
  for (const key of path.slice(0, -1)) {
    if (node === null || typeof node !== "object") return;
    node = (node as Record<string, unknown>)[key];
  }
  const last = path.at(-1);
  if (last !== undefined && node !== null && typeof node === "object")
    delete (node as Record<string, unknown>)[last];
}

function sha256(data: Uint8Array | string): string {
  return createHash("sha256").update(data).digest("hex");
}

/** The chart's files relative to its folder: the archive's first path component dropped. */
function chartFiles(archive: ReadonlyMap<string, Buffer>): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const [path, content] of archive) {
    const slash = path.indexOf("/");
    files.set(slash === -1 ? path : path.slice(slash + 1), content);
  }
  return files;
}

/** One line of the digest per file: `path`, how it was digested, and the hex digest. */
export async function chartContentLines(
  tgz: Uint8Array,
  exceptions?: ChartContentExceptions,
): Promise<string[]> {
  const files = chartFiles(await readTgz(tgz));
  const ignored = new Set(exceptions?.ignoreFiles ?? []);
  const lines: string[] = [];
  for (const [path, content] of files) {
    if (ignored.has(path)) continue;
    if (path === "Chart.yaml" || path === "Chart.lock") {
      const data: unknown = parse(content.toString("utf8"));
      if (path === "Chart.lock") withoutKey(data, ["generated"]);
      else for (const key of exceptions?.ignoreChartKeys ?? []) withoutKey(data, key);
      lines.push(`${path} data ${sha256(JSON.stringify(sortedKeys(data)))}`);
    } else if (/^charts\/[^/]+\.tgz$/.test(path)) {
      lines.push(`${path} chart ${await chartContentDigest(content)}`);
    } else {
      lines.push(`${path} bytes ${sha256(content)}`);
    }
  }
  return lines.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The content digest of a packaged chart (see the module's comment), as 64 hex digits. */
export async function chartContentDigest(
  tgz: Uint8Array,
  exceptions?: ChartContentExceptions,
): Promise<string> {
  return sha256(`${(await chartContentLines(tgz, exceptions)).join("\n")}\n`);
}
