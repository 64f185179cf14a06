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
const HEADER = "helix-render-index 1";

/** The stamp of an entry from its stats. */
export function stampOf(stats: Stats): Stamp {
  return { size: stats.size, mtimeMs: stats.mtimeMs, ctimeMs: stats.ctimeMs, ino: stats.ino };
}

/** True when `now` is the indexed entry untouched: same stamp, and stamped before the seal. */
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

/** The folder's index, or undefined when it is missing or not readable as one (then compare all). */
export function loadIndex(stateDir: string): TreeIndex | undefined {
  const text = readIfExists(join(stateDir, INDEX));
  if (text === undefined) return undefined;
  const lines = text.split("\n");
  const head = /^helix-render-index 1 (\S+)$/.exec(lines[0] ?? "");
  const sealedMs = Number(head?.[1]);
  if (!head || !Number.isFinite(sealedMs) || lines.at(-1) !== "") return undefined;
  const files = new Map<string, IndexedFile>();
  const dirs = new Map<string, Stamp>();
  for (let i = 1; i < lines.length - 1; i++) {
    const f = (lines[i] ?? "").split("\t");
    const [type, path = "", size, mtimeMs, ctimeMs, ino, digest] = f;
    const stamp = {
      size: Number(size),
      mtimeMs: Number(mtimeMs),
      ctimeMs: Number(ctimeMs),
      ino: Number(ino),
    };
    if (!Object.values(stamp).every(Number.isFinite)) return undefined;
    if (path !== "" && unsafePathReason(path) !== undefined) return undefined;
    if (type === "f" && f.length === 7 && digest && path !== "") files.set(path, { ...stamp, digest });
    else if (type === "d" && f.length === 6) dirs.set(path, stamp);
    else return undefined;
  }
  return { sealedMs, files, dirs };
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
  const sealedMs = Math.max(sealStats.mtimeMs, sealStats.ctimeMs);
  const out: string[] = [`${HEADER} ${sealedMs}`];
  for (const [path, s] of dirs) out.push(`d\t${path}\t${s.size}\t${s.mtimeMs}\t${s.ctimeMs}\t${s.ino}`);
  for (const [path, s] of files)
    out.push(`f\t${path}\t${s.size}\t${s.mtimeMs}\t${s.ctimeMs}\t${s.ino}\t${s.digest}`);
  out.push("");
  const tmp = join(stateDir, `${INDEX}.tmp`);
  writeFileSync(tmp, out.join("\n"));
  renameSync(tmp, join(stateDir, INDEX));
}

/** Forgets the index (before changing the folder: until a new one is sealed, compare everything). */
export function dropIndex(stateDir: string): void {
  unlinkIfExists(join(stateDir, INDEX));
  unlinkIfExists(join(stateDir, `${INDEX}.tmp`));
}
