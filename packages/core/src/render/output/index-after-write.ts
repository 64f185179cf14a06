import { lstatSync } from "node:fs";
import { contentDigest, type IndexedFile, type Stamp, stampOf } from "./file-index.js";
import type { Recovery } from "./journal.js";
import { type ChangePlan, parentOf } from "./plan-changes.js";
import { pathInside } from "./tree-path.js";

/** A new index is needed unless nothing changed, nothing was read, and the old one stands. */
export function needsNewIndex(plan: ChangePlan | undefined, recovery: Recovery): boolean {
  return !plan || plan.operations.length > 0 || plan.verified > 0 || recovery !== "none";
}

/**
 * The index after a committed write: untouched files and folders as the plan found them, written
 * files and the folders that changed around them stamped anew (a folder emptied and removed is
 * left out).
 */
export function indexAfterWrite(
  root: string,
  plan: ChangePlan,
  wanted: ReadonlyMap<string, string>,
): [Map<string, IndexedFile>, Map<string, Stamp>] {
  const files = new Map(plan.keptFiles);
  const touchedDirs = new Set<string>();
  for (const op of plan.operations) {
    touchedDirs.add(parentOf(op.path));
    if (op.kind === "mkdir") touchedDirs.add(op.path);
    if (op.kind === "create" || op.kind === "replace") {
      const stats = lstatSync(pathInside(root, op.path));
      files.set(op.path, { ...stampOf(stats), digest: contentDigest(wanted.get(op.path) ?? "") });
    }
  }
  const dirs = new Map<string, Stamp>();
  for (const [dir, stamp] of plan.keptDirs) if (!touchedDirs.has(dir)) dirs.set(dir, stamp);
  for (const dir of touchedDirs) {
    const stats = lstatSync(dir === "" ? root : pathInside(root, dir), { throwIfNoEntry: false });
    if (stats?.isDirectory()) dirs.set(dir, stampOf(stats));
  }
  return [files, dirs];
}
