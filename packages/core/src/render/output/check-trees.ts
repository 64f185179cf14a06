import { sep } from "node:path";
import type { TreeOwner } from "./marker.js";
import { claimFolder, type FolderState } from "./ownership.js";
import { foldersOf } from "./plan-changes.js";
import { plannedPathReason } from "./tree-path.js";

/** A folder to write and what it must hold. */
export interface OutputTree {
  /** The folder; it ends up holding exactly `files` and the marker. */
  readonly dir: string;
  /** Relative "/"-separated path → content. */
  readonly files: ReadonlyMap<string, string>;
  /** Who writes it, recorded in the folder's marker and checked against it. */
  readonly owner: TreeOwner;
}

/** One reason an output was not (fully) written, naming the folder. */
export interface OutputProblem {
  readonly dir: string;
  readonly message: string;
}

/** A tree cleared for writing: its real folder and what it is now. */
export interface ClearedTree {
  readonly tree: OutputTree;
  readonly dir: string;
  readonly state: FolderState;
}

/**
 * Everything that refuses a write before anything is touched, all of it at once: a path that
 * would leave its folder (or is both a file and a folder), a folder the render does not own, and
 * two trees in one folder or one inside the other.
 */
export function checkTrees(trees: readonly OutputTree[]): {
  readonly cleared: readonly ClearedTree[];
  readonly problems: readonly OutputProblem[];
} {
  const problems: OutputProblem[] = [];
  const cleared: ClearedTree[] = [];
  for (const tree of trees) {
    const bad: string[] = [];
    for (const rel of tree.files.keys()) {
      const reason = plannedPathReason(rel);
      if (reason) bad.push(`file path ${JSON.stringify(rel)} ${reason}`);
    }
    for (const dir of foldersOf(tree.files.keys()))
      if (tree.files.has(dir)) bad.push(`file path ${JSON.stringify(dir)} is also a folder of other files`);
    for (const message of bad)
      problems.push({ dir: tree.dir, message: `refusing to write ${tree.dir}: ${message}` });
    const claim = claimFolder(tree.dir, tree.owner);
    if (!claim.ok)
      problems.push({ dir: tree.dir, message: `refusing to write ${tree.dir}: ${claim.reason}` });
    else if (bad.length === 0) cleared.push({ tree, dir: claim.dir, state: claim.state });
  }
  for (const [i, a] of cleared.entries()) {
    for (const b of cleared.slice(i + 1)) {
      if (a.dir === b.dir || a.dir.startsWith(b.dir + sep) || b.dir.startsWith(a.dir + sep))
        problems.push({
          dir: b.tree.dir,
          message: `refusing to write ${a.tree.owner.tree} into ${a.dir} and ${b.tree.owner.tree} into ${b.dir}: one folder would hold the other's files; give them separate folders`,
        });
    }
  }
  return { cleared, problems };
}
