import type { ClusterDiff } from "./diff-revisions.js";

const plural = (n: number, word: string): string => `${n} ${word}`;

/** "2 added, 1 removed, 3 changed, 1 moved, 40 unchanged", or "no changes (40 unchanged)". */
export function summary(c: ClusterDiff): string {
  const d = c.diff;
  if (!d) return "not compared";
  const scope = !c.inBase ? " (new cluster)" : !c.inHead ? " (cluster removed)" : "";
  const parts = [
    d.added.length > 0 ? plural(d.added.length, "added") : "",
    d.removed.length > 0 ? plural(d.removed.length, "removed") : "",
    d.changed.length > 0 ? plural(d.changed.length, "changed") : "",
    d.moved.length > 0 ? plural(d.moved.length, "moved") : "",
  ].filter((p) => p !== "");
  if (parts.length === 0) return `no changes (${d.unchanged} unchanged)${scope}`;
  return `${parts.join(", ")}, ${d.unchanged} unchanged${scope}`;
}
