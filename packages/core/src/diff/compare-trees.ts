import type { TreeEntry } from "./rendered-tree.js";
import { unifiedDiff } from "./unified-diff.js";

/** An entry present in both revisions whose content differs. */
export interface ChangedEntry {
  readonly base: TreeEntry;
  readonly head: TreeEntry;
  /** Unified diff of the canonical YAML; "" for encrypted files, whose content is never shown. */
  readonly diff: string;
}

/** An entry whose content is equal in both revisions but whose file moved. */
export interface MovedEntry {
  readonly base: TreeEntry;
  readonly head: TreeEntry;
}

/** What changed in one rendered tree between two revisions. */
export interface TreeDiff {
  readonly added: readonly TreeEntry[];
  readonly removed: readonly TreeEntry[];
  readonly changed: readonly ChangedEntry[];
  readonly moved: readonly MovedEntry[];
  /** Entries equal in both revisions (same content, same file). */
  readonly unchanged: number;
}

const byPath = (a: TreeEntry, b: TreeEntry): number =>
  a.path < b.path ? -1 : a.path > b.path ? 1 : a.key < b.key ? -1 : a.key > b.key ? 1 : 0;

/** Compares two indexed trees entry by entry (matched on identity, not on file path). */
export function compareTrees(base: readonly TreeEntry[], head: readonly TreeEntry[]): TreeDiff {
  const baseByKey = new Map(base.map((e) => [e.key, e]));
  const headKeys = new Set(head.map((e) => e.key));
  const added: TreeEntry[] = [];
  const changed: ChangedEntry[] = [];
  const moved: MovedEntry[] = [];
  let unchanged = 0;
  for (const h of [...head].sort(byPath)) {
    const b = baseByKey.get(h.key);
    if (!b) added.push(h);
    else if (b.content !== h.content) {
      const diff =
        h.kind === "secret" || b.kind === "secret"
          ? ""
          : unifiedDiff(b.content, h.content, { fromLabel: `a/${b.path}`, toLabel: `b/${h.path}` });
      changed.push({ base: b, head: h, diff });
    } else if (b.path !== h.path) moved.push({ base: b, head: h });
    else unchanged++;
  }
  const removed = [...base].filter((b) => !headKeys.has(b.key)).sort(byPath);
  return { added, removed, changed, moved, unchanged };
}

/** True when the two revisions render the same tree. */
export function isEmptyDiff(diff: TreeDiff): boolean {
  return (
    diff.added.length === 0 &&
    diff.removed.length === 0 &&
    diff.changed.length === 0 &&
    diff.moved.length === 0
  );
}
