/**
 * The pinned list of upstream data the project needs (CRDs, chart values schemas, the Taskfile
 * schema, the charts the clusters render), committed as `tools/upstream/manifest.json`. The data
 * itself is never committed: `npm run upstream` verifies a local copy against this list, or fetches
 * it from where each entry says it comes from.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChartContentExceptions } from "./chart-content.js";

/** Where the manifest is, relative to the workspace root. */
export const MANIFEST_FILE = "tools/upstream/manifest.json";

/** Provenance of a file as the upstream folder's SOURCES.md gives it (read back by `npm run generate`). */
export interface FileProvenance {
  /** `owner/name` of the GitHub repository. */
  readonly repo: string;
  /** Path of the file in that repository. */
  readonly path: string;
  /** The tag or ref it was taken from. */
  readonly tag: string;
  /** The commit as SOURCES.md gives it: 40 hex digits, an abbreviation, or empty when unknown. */
  readonly commit: string;
  /** The licence, as SOURCES.md words it. */
  readonly licence: string;
}

/** One upstream file copied verbatim from a git repository. */
export interface UpstreamFile {
  /** Path in the upstream folder, e.g. `crds/velero/velero.io_backups.yaml`. */
  readonly file: string;
  /** SHA-256 of its bytes, 64 hex digits. */
  readonly sha256: string;
  /** Its size in bytes. */
  readonly size: number;
  /** Raw download URL: at the exact 40-hex commit, or by tag where the full commit is not known. */
  readonly url: string;
  /** True when `url` names a tag, not a commit (the digest still pins the content). */
  readonly urlByTag: boolean;
  readonly source: FileProvenance;
}

/** One packaged Helm chart, as the publisher serves it and as our copy holds it. */
export interface UpstreamChart {
  /** Path in the upstream folder, e.g. `charts/velero-12.1.0.tgz`. */
  readonly file: string;
  /** SHA-256 of our copy's bytes. */
  readonly sha256: string;
  /** Our copy's size in bytes. */
  readonly size: number;
  /** The chart repository: an HTTPS repository (with index.yaml) or `oci://registry/path` (without the name). */
  readonly repository: string;
  /** Chart name. */
  readonly name: string;
  /** Chart version, exactly as published. */
  readonly version: string;
  /** Content digest of the chart (see chart-content.ts), with the exceptions below applied. */
  readonly contentDigest: string;
  /** What the publisher's package is known to add that our copy lacks, left out of the content digest. */
  readonly publishedDiffers?: ChartContentExceptions;
  /** Where the chart's sources are, for reference (SOURCES.md's row). */
  readonly source: FileProvenance;
}

/** The whole list. */
export interface UpstreamManifest {
  /** Why the list exists and how it is used (for a reader of the JSON file). */
  readonly about: string;
  readonly files: readonly UpstreamFile[];
  readonly charts: readonly UpstreamChart[];
}

/** Every entry, files first, each with its path. */
export function allEntries(manifest: UpstreamManifest): (UpstreamFile | UpstreamChart)[] {
  return [...manifest.files, ...manifest.charts];
}

/** Reads the committed manifest of the workspace at `root`. */
export async function readManifest(root: string): Promise<UpstreamManifest> {
  return JSON.parse(await readFile(join(root, MANIFEST_FILE), "utf8")) as UpstreamManifest;
}
