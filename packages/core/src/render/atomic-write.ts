import { mkdir, mkdtemp, rename, rm, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/**
 * Replaces `outDir` with exactly `files` (relative path → content). Everything is written to a
 * temporary sibling folder first and swapped in with renames, so on any error the previous output
 * stays as it was.
 */
export async function writeTreeAtomically(outDir: string, files: ReadonlyMap<string, string>): Promise<void> {
  const parent = dirname(outDir);
  await mkdir(parent, { recursive: true });
  const existing = await stat(outDir).catch(() => undefined);
  if (existing && !existing.isDirectory())
    throw new Error(`output path ${outDir} exists and is not a folder`);
  const staging = await mkdtemp(join(parent, `.${basename(outDir)}.staging-`));
  try {
    const dirs = new Set<string>();
    for (const rel of files.keys()) dirs.add(dirname(join(staging, rel)));
    for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
    for (const [rel, content] of files) await writeFile(join(staging, rel), content, { mode: 0o644 });
    if (existing) {
      const retired = `${staging}.old`;
      await rename(outDir, retired);
      try {
        await rename(staging, outDir);
      } catch (error) {
        await rename(retired, outDir);
        throw error;
      }
      await rm(retired, { recursive: true, force: true });
    } else {
      await rename(staging, outDir);
    }
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    throw error;
  }
}
