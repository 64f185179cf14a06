import type { ClusterDiff, RevisionDiff } from "./diff-revisions.js";
import type { TreeEntry } from "./rendered-tree.js";
import { summary } from "./summary.js";

/** Options of the Markdown report. */
export interface MarkdownOptions {
  /** Lines of one object's diff shown before it is cut (PR comments have a size limit). @default 300 */
  readonly maxDiffLines?: number;
}

/** A code fence longer than any backtick run in the text. */
function fence(text: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
  return "`".repeat(longest + 1);
}

const code = (s: string): string => `\`${s.replaceAll("`", "'").replaceAll("|", "\\|")}\``;
const html = (s: string): string =>
  s.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
/** Object and file columns; files that are no Kubernetes object (kustomization.yaml) have no object. */
const cell = (e: TreeEntry): string => `${e.kind === "file" ? "—" : code(e.label)} | ${code(e.path)}`;

function clusterMarkdown(c: ClusterDiff, maxLines: number): string[] {
  const lines = [`### ${c.cluster}`, ""];
  if (c.headError || c.baseError) {
    lines.push("Not compared:", "");
    for (const [side, error] of [
      ["base", c.baseError],
      ["working tree", c.headError],
    ] as const) {
      if (!error) continue;
      const f = fence(error);
      lines.push(`${side} failed to render:`, "", `${f}text`, error.trimEnd(), f, "");
    }
    return lines;
  }
  const d = c.diff;
  if (!d) return lines;
  lines.push(`${summary(c)} — \`${c.entry}\``, "");
  const rows: string[] = [];
  for (const e of d.added) rows.push(`| ➕ added | ${cell(e)} |`);
  for (const e of d.removed) rows.push(`| ➖ removed | ${cell(e)} |`);
  for (const m of d.moved)
    rows.push(`| ↪️ moved | ${code(m.head.label)} | ${code(m.base.path)} → ${code(m.head.path)} |`);
  for (const ch of d.changed)
    rows.push(`| ✏️ changed${ch.head.kind === "secret" ? " (encrypted)" : ""} | ${cell(ch.head)} |`);
  if (rows.length > 0) lines.push("| change | object | file |", "| --- | --- | --- |", ...rows, "");
  for (const ch of d.changed) {
    if (ch.head.kind === "secret") continue;
    const all = ch.diff.trimEnd().split("\n");
    const shown =
      all.length > maxLines ? [...all.slice(0, maxLines), `… ${all.length - maxLines} more lines`] : all;
    const body = shown.join("\n");
    const f = fence(body);
    lines.push(
      `<details><summary><code>${html(ch.head.label)}</code></summary>`,
      "",
      `${f}diff`,
      body,
      f,
      "",
      "</details>",
      "",
    );
  }
  return lines;
}

/** The diff as GitHub-flavoured Markdown for a pull-request comment: a table and folded diffs per cluster. */
export function formatDiffMarkdown(diff: RevisionDiff, opts: MarkdownOptions = {}): string {
  const maxLines = opts.maxDiffLines ?? 300;
  const lines = [`## Rendered changes against \`${diff.base}\` (${code(diff.baseCommit.slice(0, 12))})`, ""];
  for (const c of diff.clusters) lines.push(...clusterMarkdown(c, maxLines));
  return `${lines.join("\n").trimEnd()}\n`;
}
