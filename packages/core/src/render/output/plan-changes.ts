import { lstatSync, readdirSync, readFileSync, type Stats } from "node:fs";
import {
  contentDigest,
  type IndexedFile,
  isTrusted,
  type Stamp,
  stampOf,
  type TreeIndex,
} from "./file-index.js";
import type { Operation } from "./operations.js";
import { pathInside, STATE_DIR } from "./tree-path.js";

/** What must change in a folder to make it hold exactly the wanted files, and what stays. */
export interface ChangePlan {
  /** Changes in the order they are made (removals, emptied folders, new folders, new files, changed files). */
  readonly operations: readonly Operation[];
  /** Files left as they are, with their current stamp and digest (for the next index). */
  readonly keptFiles: ReadonlyMap<string, IndexedFile>;
  /** Folders as found (their stamps are refreshed after changes inside them). */
  readonly keptDirs: ReadonlyMap<string, Stamp>;
  /** Files whose content was read because their stamp was not trusted. */
  readonly verified: number;
}

/**
 * Compares a folder with the files it must hold, reading as little as it can: each wanted file
 * and folder is `lstat`ed, and a file's bytes are read only when its stamp is not trusted by the
 * index (else the indexed digest stands for them); a folder is listed only when its own stamp
 * is not trusted (else the index names its entries), which finds files added by hand. Nothing
 * is followed through a symbolic link: a link where a file or folder belongs is removed.
 * `wanted` paths are already checked safe (plannedPathReason), so they are joined to `root`
 * directly; paths found on disk or in the index go through `pathInside`. `root` exists.
 */
export function planChanges(
  root: string,
  wanted: ReadonlyMap<string, string>,
  index: TreeIndex | undefined,
): ChangePlan {
  const wantedDirs = foldersOf(wanted.keys());
  const trustedDirs = new Set<string>();
  const removes: Operation[] = [];
  const rmdirs: Operation[] = [];
  const mkdirs: Operation[] = [];
  const creates: Operation[] = [];
  const replaces: Operation[] = [];
  let backups = 0;
  const keptFiles = new Map<string, IndexedFile>();
  const keptDirs = new Map<string, Stamp>();
  const missing = new Set<string>();
  let verified = 0;

  /** Removes whatever is at `rel` (a whole folder, depth first), never following a link. */
  const removeAll = (rel: string, stats: Stats): void => {
    if (stats.isDirectory()) {
      for (const child of readdirSync(pathInside(root, rel))) {
        const childRel = `${rel}/${child}`;
        const childStats = lstatSync(pathInside(root, childRel), { throwIfNoEntry: false });
        if (childStats) removeAll(childRel, childStats);
      }
      rmdirs.push({ kind: "rmdir", path: rel });
    } else removes.push({ kind: "remove", path: rel, n: backups++ });
  };
  const removeStale = (parent: string, names: Iterable<string>): void => {
    for (const name of names) {
      const rel = parent === "" ? name : `${parent}/${name}`;
      if (wanted.has(rel) || wantedDirs.has(rel) || (parent === "" && name === STATE_DIR)) continue;
      const stats = lstatSync(pathInside(root, rel), { throwIfNoEntry: false });
      if (stats) removeAll(rel, stats);
    }
  };

  for (const dir of [...wantedDirs].sort(byCodePoint)) {
    if (dir !== "" && missing.has(parentOf(dir))) {
      missing.add(dir);
      mkdirs.push({ kind: "mkdir", path: dir });
      continue;
    }
    const stats = dir === "" ? lstatSync(root) : lstatSync(`${root}/${dir}`, NO_THROW);
    if (!stats?.isDirectory()) {
      if (stats) removeAll(dir, stats);
      missing.add(dir);
      mkdirs.push({ kind: "mkdir", path: dir });
      continue;
    }
    const stamp = stampOf(stats);
    keptDirs.set(dir, stamp);
    const indexed = index?.dirs.get(dir);
    if (index && indexed && isTrusted(indexed, stamp, index.sealedMs)) trustedDirs.add(dir);
    else removeStale(dir, readdirSync(dir === "" ? root : `${root}/${dir}`));
  }
  // A trusted folder holds what the index says it held: its stale entries are the indexed ones
  // no longer wanted.
  for (const entries of index ? [index.dirs.keys(), index.files.keys()] : []) {
    for (const rel of entries) {
      if (rel === "" || wanted.has(rel) || wantedDirs.has(rel)) continue;
      const parent = parentOf(rel);
      if (trustedDirs.has(parent)) removeStale(parent, [rel.slice(parent === "" ? 0 : parent.length + 1)]);
    }
  }

  // The hot loop (60,000 files at 10,000 components): one lstat and one digest per file, and an
  // untouched file keeps its index entry object as is.
  for (const [rel, content] of wanted) {
    if (missing.has(parentOf(rel))) {
      creates.push({ kind: "create", path: rel });
      continue;
    }
    const full = `${root}/${rel}`;
    const stats = lstatSync(full, NO_THROW);
    if (!stats?.isFile()) {
      if (stats) removeAll(rel, stats);
      creates.push({ kind: "create", path: rel });
      continue;
    }
    const indexed = index?.files.get(rel);
    if (index && indexed && isTrusted(indexed, stats, index.sealedMs)) {
      if (indexed.digest === contentDigest(content)) keptFiles.set(rel, indexed);
      else replaces.push({ kind: "replace", path: rel, n: backups++ });
      continue;
    }
    verified++;
    if (holdsExactly(full, stats.size, content))
      keptFiles.set(rel, { ...stampOf(stats), digest: contentDigest(content) });
    else replaces.push({ kind: "replace", path: rel, n: backups++ });
  }
  return {
    operations: [...removes, ...rmdirs, ...mkdirs, ...creates, ...replaces],
    keptFiles,
    keptDirs,
    verified,
  };
}

const NO_THROW = { throwIfNoEntry: false } as const;

/** True when the file's bytes are exactly `content` (compared as bytes, not decoded text). */
function holdsExactly(file: string, size: number, content: string): boolean {
  const wanted = Buffer.from(content, "utf8");
  return wanted.length === size && readFileSync(file).equals(wanted);
}

/** Every folder the files need, "" (the root) included. */
export function foldersOf(paths: Iterable<string>): Set<string> {
  const dirs = new Set<string>([""]);
  for (const path of paths) {
    // Walk up only until a folder already known: siblings share their parents.
    for (let dir = parentOf(path); !dirs.has(dir); dir = parentOf(dir)) dirs.add(dir);
  }
  return dirs;
}

/** The folder of a relative path ("" for the root). */
export function parentOf(rel: string): string {
  const i = rel.lastIndexOf("/");
  return i === -1 ? "" : rel.slice(0, i);
}

/** Orders strings by UTF-16 code unit, never by locale, so the order is the same everywhere. */
export function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
