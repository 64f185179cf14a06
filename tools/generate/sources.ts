/**
 * Parses the provenance tables of `<upstream>/SOURCES.md`.
 *
 * SOURCES.md holds several Markdown tables with slightly different layouts (some cells wrap values in
 * backticks or Markdown links, some give the commit abbreviated). Columns are matched by their header
 * name, so the column order does not matter.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";

export interface SourceInfo {
  /** Path relative to the upstream folder, e.g. `crds/velero/velero.io_schedules.yaml`. */
  readonly file: string;
  /** `owner/name` of the upstream GitHub repository. */
  readonly repo: string;
  /** Path of the file inside the upstream repository. */
  readonly path: string;
  /** Tag or ref the file was taken from (first word of the cell, e.g. `v0.20.1`). */
  readonly tag: string;
  /** Full commit hash when SOURCES.md gives it (in the cell or in a GitHub blob link), else the abbreviation. */
  readonly commit: string;
  /** SPDX identifier (first word of the licence cell, e.g. `Apache-2.0`). */
  readonly licence: string;
  /** The whole licence cell, for headers (it sometimes names a second licence). */
  readonly licenceNote: string;
}

const LINK = /\[([^\]]*)\]\(([^)]*)\)/g;
const BLOB_COMMIT = /\/blob\/([0-9a-f]{40})\//;

function splitRow(line: string): string[] {
  const cells = line
    .trim()
    .replace(/^\|/, "")
    .replace(/\|$/, "")
    .split(/(?<!\\)\|/);
  return cells.map((c) => c.trim());
}

function plain(cell: string): string {
  return cell.replace(LINK, "$1").replaceAll("`", "").trim();
}

function firstWord(cell: string): string {
  return plain(cell).split(/\s+/)[0] ?? "";
}

type Column = "file" | "repo" | "path" | "tag" | "commit" | "licence";

const HEADER_NAMES: Readonly<Record<string, Column>> = {
  file: "file",
  "upstream repo": "repo",
  path: "path",
  tag: "tag",
  "tag/ref": "tag",
  commit: "commit",
  // The autoscaling section names its column after the abbreviation it holds.
  "commit (12)": "commit",
  licence: "licence",
};

export async function readSources(upstreamDir: string): Promise<ReadonlyMap<string, SourceInfo>> {
  const text = await readFile(join(upstreamDir, "SOURCES.md"), "utf8");
  const sources = new Map<string, SourceInfo>();
  let columns: Partial<Record<Column, number>> | undefined;
  for (const line of text.split(/\r?\n/)) {
    if (!line.trimStart().startsWith("|")) {
      columns = undefined;
      continue;
    }
    const cells = splitRow(line);
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    const names = cells.map((c) => HEADER_NAMES[c.toLowerCase()]);
    if (names.includes("file")) {
      columns = {};
      names.forEach((name, i) => {
        if (name && columns && columns[name] === undefined) columns[name] = i;
      });
      continue;
    }
    if (!columns) continue;
    const get = (col: Column): string => {
      const i = columns?.[col];
      return i === undefined ? "" : (cells[i] ?? "");
    };
    const file = plain(get("file"));
    if (!file || sources.has(file)) continue;
    const commitCell = firstWord(get("commit"));
    const fullCommit = /^[0-9a-f]{40}$/.test(commitCell)
      ? commitCell
      : (BLOB_COMMIT.exec(get("path"))?.[1] ?? commitCell);
    const licenceNote = plain(get("licence"));
    sources.set(file, {
      file,
      repo: plain(get("repo")),
      path: plain(get("path")),
      tag: firstWord(get("tag")),
      commit: fullCommit,
      licence: licenceNote.split(/[\s;,]+/)[0] ?? "",
      licenceNote,
    });
  }
  return sources;
}

export function requireSource(sources: ReadonlyMap<string, SourceInfo>, file: string): SourceInfo {
  const info = sources.get(file);
  if (!info) throw new Error(`No provenance row in SOURCES.md for ${file}`);
  if (!info.repo || !info.tag || !info.commit || !info.licence) {
    throw new Error(`Incomplete provenance row in SOURCES.md for ${file}: ${JSON.stringify(info)}`);
  }
  return info;
}
