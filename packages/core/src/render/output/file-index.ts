import { hash } from "node:crypto";
import { renameSync, type Stats, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { readIfExists, unlinkIfExists } from "./fs-errors.js";
import { unsafePathReason } from "./tree-path.js";

/** What `lstat` says about an entry; all four equal means "not touched since" (see {@link isTrusted}). */
export interface Stamp {
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
  readonly ino: number;
}

/** A file as the writer last wrote or verified it: its stamp and the digest of its bytes. */
export interface IndexedFile extends Stamp {
  readonly digest: string;
}

/**
 * What the writer knows of its folder since the last render, so that a re-render reads no file it
 * did not change: each file's stamp and content digest, each folder's stamp (a folder's mtime
 * changes when an entry is added, removed or renamed in it).
 *
 * Why stamps with a digest, not a digest manifest alone: finding hand edits with digests only
 * means reading every file on every run (60,000 files at 10,000 components); a stamp costs one
 * `lstat`. Why not mtimes alone: an mtime has the file system's granularity (a few milliseconds
 * on Linux' coarse clock), so a file changed in the same tick as the last write, with the same
 * size, looks untouched (git's "racy clean" problem). The index therefore records when it was
 * sealed (the time stamp of a file written after every output file) and trusts an entry only if
 * its mtime and ctime are both older than that; newer ones are verified by content, and then
 * re-sealed. The ctime catches an mtime set back by hand (`touch -d`), the inode a file replaced
 * by a rename. A missing, unreadable or other-format index just means comparing every file
 * by content once: it is safe to lose.
 */
export interface TreeIndex {
  /** File-system time of the seal: entries stamped at or after it are not trusted. */
  readonly sealedMs: number;
  /** Files, by "/"-separated path relative to the folder. */
  readonly files: ReadonlyMap<string, IndexedFile>;
  /** Folders, by relative path ("" for the folder itself). */
  readonly dirs: ReadonlyMap<string, Stamp>;
}

const INDEX = "index";
const SEAL = "seal";
const FORMAT = "helix-render-index/1";

/** A folder row of the index file: path, size, mtimeMs, ctimeMs, ino. */
type DirRow = [string, number, number, number, number];
/** A file row: the folder row's fields and the digest. */
type FileRow = [string, number, number, number, number, string];

/** The stamp of an entry from its stats. */
export function stampOf(stats: Stats): Stamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** True when `now` (a stamp or the stats themselves) is the indexed entry untouched: same stamp, stamped before the seal. */
export function isTrusted(indexed: Stamp, now: Stamp, sealedMs: number): boolean {
  return (
    indexed.size === now.size &&
    indexed.mtimeMs === now.mtimeMs &&
    indexed.ctimeMs === now.ctimeMs &&
    indexed.ino === now.ino &&
    indexed.mtimeMs < sealedMs &&
    indexed.ctimeMs < sealedMs
  );
}

/** The digest the index keeps of a file's content (SHA-256, the fastest of Node's hashes here). */
export function contentDigest(content: string): string {
  return hash("sha256", content, "base64url");
}

/**
 * The folder's index, or undefined when it is missing or not readable as one (then compare all).
 * JSON rows, because parsing them is several times faster than splitting text lines at 60,000
 * entries, and this runs on every render.
 */
export function loadIndex(stateDir: string): TreeIndex | undefined {
  const text = readIfExists(join(stateDir, INDEX));
  if (text === undefined) return undefined;
  let value: { format?: unknown; sealedMs?: unknown; dirs?: unknown; files?: unknown };
  try {
    value = JSON.parse(text) as typeof value;
  } catch {
    return undefined;
  }
  const { format, sealedMs, dirs, files } = value;
  if (format !== FORMAT || typeof sealedMs !== "number" || !Array.isArray(dirs) || !Array.isArray(files))
    return undefined;
  const dirMap = new Map<string, Stamp>();
  for (const row of dirs as unknown[]) {
    if (!isRow(row, 5) || (row[0] !== "" && unsafePathReason(row[0]) !== undefined)) return undefined;
    const [path, size, mtimeMs, ctimeMs, ino] = row as DirRow;
    dirMap.set(path, { size, mtimeMs, ctimeMs, ino });
  }
  const fileMap = new Map<string, IndexedFile>();
  for (const row of files as unknown[]) {
    if (!isRow(row, 6) || typeof row[5] !== "string" || unsafePathReason(row[0]) !== undefined)
      return undefined;
    const [path, size, mtimeMs, ctimeMs, ino, digest] = row as FileRow;
    fileMap.set(path, { size, mtimeMs, ctimeMs, ino, digest });
  }
  return { sealedMs, files: fileMap, dirs: dirMap };
}

/** A row: a path string, then four numbers (and `length` fields in all). */
function isRow(row: unknown, length: number): row is [string, number, number, number, number, ...unknown[]] {
  return (
    Array.isArray(row) &&
    row.length === length &&
    typeof row[0] === "string" &&
    typeof row[1] === "number" &&
    typeof row[2] === "number" &&
    typeof row[3] === "number" &&
    typeof row[4] === "number"
  );
}

/**
 * Seals and writes the index: first a seal file, whose time stamp (taken after every output
 * file was written and stamped) is the seal; then the index, written to a temporary file and
 * renamed, so a reader sees the old index or the new one, never half of one.
 */
export function saveIndex(
  stateDir: string,
  files: ReadonlyMap<string, IndexedFile>,
  dirs: ReadonlyMap<string, Stamp>,
): void {
  const seal = join(stateDir, SEAL);
  unlinkIfExists(seal); // a new file gets the current time; rewriting an empty one may not
  writeFileSync(seal, "");
  const sealStats = statSync(seal);
  const dirRows: DirRow[] = [];
  for (const [path, d] of dirs) dirRows.push([path, d.size, d.mtimeMs, d.ctimeMs, d.ino]);
  const fileRows: FileRow[] = [];
  for (const [path, f] of files) fileRows.push([path, f.size, f.mtimeMs, f.ctimeMs, f.ino, f.digest]);
  const sealedMs = Math.max(sealStats.mtimeMs, sealStats.ctimeMs);
  const tmp = join(stateDir, `${INDEX}.tmp`);
  writeFileSync(tmp, `${JSON.stringify({ format: FORMAT, sealedMs, dirs: dirRows, files: fileRows })}\n`);
  renameSync(tmp, join(stateDir, INDEX));
}

/** Forgets the index (before changing the folder: until a new one is sealed, compare everything). */
export function dropIndex(stateDir: string): void {
  unlinkIfExists(join(stateDir, INDEX));
  unlinkIfExists(join(stateDir, `${INDEX}.tmp`));
}
