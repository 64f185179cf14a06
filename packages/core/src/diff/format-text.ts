import type { ClusterDiff, RevisionDiff } from "./diff-revisions.js";
import type { TreeEntry } from "./rendered-tree.js";
import { summary } from "./summary.js";

const indent = (text: string, prefix: string): string =>
  text
    .split("\n")
    .filter((l, i, all) => l !== "" || i < all.length - 1)
    .map((l) => `${prefix}${l}`)
    .join("\n");

const where = (e: TreeEntry): string => (e.label === e.path ? e.label : `${e.label}  (${e.path})`);

/** One cluster's part of the text report. */
function clusterText(c: ClusterDiff): string[] {
  const head = `${c.cluster} (${c.entry})`;
  if (c.headError || c.baseError) {
    const lines = [`${head}: not compared`];
    if (c.baseError) lines.push(indent(`base failed to render: ${c.baseError}`, "  "));
    if (c.headError) lines.push(indent(`working tree failed to render: ${c.headError}`, "  "));
    return lines;
  }
  const d = c.diff;
  if (!d) return [`${head}: not compared`];
  const lines = [`${head}: ${summary(c)}`];
  for (const e of d.added) lines.push(`  + ${where(e)}`);
  for (const e of d.removed) lines.push(`  - ${where(e)}`);
  for (const m of d.moved) lines.push(`  > ${m.head.label}  (${m.base.path} → ${m.head.path})`);
  for (const ch of d.changed) {
    if (ch.head.kind === "secret") {
      lines.push(`  ~ ${where(ch.head)}  [encrypted: changed, content not shown]`);
    } else {
      lines.push(`  ~ ${where(ch.head)}`);
      lines.push(indent(ch.diff, "    "));
    }
  }
  return lines;
}

/** The diff as plain text for a terminal: per cluster a summary line, then +, -, > and ~ lines. */
export function formatDiffText(diff: RevisionDiff): string {
  const lines = [`helix-cluster diff: ${diff.base} (${diff.baseCommit.slice(0, 12)}) → working tree`, ""];
  for (const c of diff.clusters) lines.push(...clusterText(c), "");
  return `${lines.join("\n").trimEnd()}\n`;
}
