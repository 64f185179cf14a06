import { readdirSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";

/**
 * Removes what the earlier writer (a staging folder swapped in with two renames) left beside a
 * folder when it was killed: `.<name>.staging-XXXXXX` folders, copies of the output with its
 * encrypted secrets, and their `.old` twins. Only names of exactly that form are touched.
 * Returns the names removed.
 */
export function removeLegacyDebris(dir: string): string[] {
  const name = basename(dir);
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const pattern = new RegExp(`^\\.${escaped}\\.staging-[A-Za-z0-9]{6}(\\.old)?$`);
  const removed: string[] = [];
  for (const entry of readdirSync(dirname(dir))) {
    if (!pattern.test(entry)) continue;
    rmSync(join(dirname(dir), entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed.sort();
}
