import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { chartContentDigest } from "./chart-content.js";
import { allEntries, type UpstreamChart, type UpstreamFile, type UpstreamManifest } from "./manifest.js";

/** How one entry of the manifest compares with a file on disk. */
export type EntryStatus =
  | { readonly kind: "verified"; readonly by: "sha256" | "content digest" }
  | { readonly kind: "missing" }
  | { readonly kind: "mismatch"; readonly detail: string };

/** The result of verifying a folder. */
export interface VerifyReport {
  readonly dir: string;
  readonly verified: readonly { file: string; by: "sha256" | "content digest" }[];
  /** Every entry that did not verify, with what is wrong and what to do. */
  readonly problems: readonly { file: string; problem: string }[];
}

function isChart(entry: UpstreamFile | UpstreamChart): entry is UpstreamChart {
  return "contentDigest" in entry;
}

/** SHA-256 of bytes, 64 hex digits. */
export function sha256Hex(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * Compares bytes with one entry: a file by its SHA-256; a chart by its SHA-256, else by its
 * content digest (the same chart packed differently, e.g. the publisher's own package).
 */
export async function checkBytes(
  entry: UpstreamFile | UpstreamChart,
  bytes: Uint8Array,
): Promise<EntryStatus> {
  const sha = sha256Hex(bytes);
  if (sha === entry.sha256) return { kind: "verified", by: "sha256" };
  if (!isChart(entry)) {
    return {
      kind: "mismatch",
      detail: `sha256 ${sha} (${bytes.length} bytes), expected ${entry.sha256} (${entry.size} bytes)`,
    };
  }
  let content: string;
  try {
    content = await chartContentDigest(bytes, entry.publishedDiffers);
  } catch (error) {
    return { kind: "mismatch", detail: `not a readable chart package: ${(error as Error).message}` };
  }
  if (content === entry.contentDigest) return { kind: "verified", by: "content digest" };
  return {
    kind: "mismatch",
    detail: `sha256 ${sha} and content digest ${content} differ from ${entry.sha256} and ${entry.contentDigest}`,
  };
}

/** Reads one entry's file under `dir` and checks it. */
export async function checkEntry(dir: string, entry: UpstreamFile | UpstreamChart): Promise<EntryStatus> {
  const bytes = await readFile(join(dir, entry.file)).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return undefined;
    throw error;
  });
  return bytes === undefined ? { kind: "missing" } : checkBytes(entry, bytes);
}

/** Verifies every entry of the manifest against the files under `dir`; lists every problem. */
export async function verifyUpstream(dir: string, manifest: UpstreamManifest): Promise<VerifyReport> {
  const verified: { file: string; by: "sha256" | "content digest" }[] = [];
  const problems: { file: string; problem: string }[] = [];
  for (const entry of allEntries(manifest)) {
    const status = await checkEntry(dir, entry);
    if (status.kind === "verified") verified.push({ file: entry.file, by: status.by });
    else if (status.kind === "missing") problems.push({ file: entry.file, problem: "missing" });
    else
      problems.push({
        file: entry.file,
        problem: `differs from the pinned upstream file: ${status.detail}`,
      });
  }
  return { dir, verified, problems };
}
