import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { assembleCluster, loadClusterEntry, renderCluster } from "@helix-cluster/core";
import { clusterStatus } from "./cluster-status.js";
import { statusPage } from "./status-page.js";

/** Folder of the status pages, relative to the repository root. */
export const DOCS_DIR = "docs/clusters";

/** The status page of one cluster and where it belongs. */
export interface ClusterDoc {
  readonly cluster: string;
  /** Path relative to the repository root: docs/clusters/<name>.md. */
  readonly path: string;
  readonly content: string;
}

/** Options of {@link clusterDoc}. */
export interface ClusterDocOptions {
  /**
   * Render and validate the cluster first (nothing written), so no page is made for a cluster that
   * does not render. Off only for a caller that has just rendered it. @default true
   */
  readonly validate?: boolean;
}

/** Loads a cluster entry and computes its status page from the assembled cluster. */
export async function clusterDoc(entry: string, opts: ClusterDocOptions = {}): Promise<ClusterDoc> {
  const cluster = await loadClusterEntry(entry);
  if (opts.validate ?? true)
    await renderCluster(cluster, { clusterDir: dirname(resolve(entry)), write: false });
  return {
    cluster: cluster.name,
    path: `${DOCS_DIR}/${cluster.name}.md`,
    content: statusPage(clusterStatus(assembleCluster(cluster))),
  };
}

/** What a docs run found: pages written (or, when checking, out of date) and stale pages of gone clusters. */
export interface DocsResult {
  readonly changed: readonly string[];
  readonly orphans: readonly string[];
}

/** Options of {@link writeClusterDocs}. */
export interface WriteDocsOptions extends ClusterDocOptions {
  /** Only compare with the files on disk; write nothing. @default false */
  readonly check?: boolean;
  /** The entries are every cluster: pages of other clusters are orphans (and get removed). @default false */
  readonly all?: boolean;
}

/**
 * Writes the status page of each cluster entry under `<root>/docs/clusters/` when its content
 * changed, and returns the pages that changed; with `check`, writes nothing and returns the pages
 * that are out of date.
 */
export async function writeClusterDocs(
  root: string,
  entries: readonly string[],
  opts: WriteDocsOptions = {},
): Promise<DocsResult> {
  const changed: string[] = [];
  const made = new Set<string>();
  for (const entry of entries) {
    const doc = await clusterDoc(entry, opts);
    made.add(doc.path);
    const file = join(root, doc.path);
    const current = await readFile(file, "utf8").catch(() => undefined);
    if (current === doc.content) continue;
    changed.push(doc.path);
    if (opts.check) continue;
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, doc.content);
  }
  const orphans: string[] = [];
  if (opts.all) {
    const existing = await readdir(join(root, DOCS_DIR)).catch(() => []);
    for (const name of existing.filter((n) => n.endsWith(".md")).sort()) {
      const path = `${DOCS_DIR}/${name}`;
      if (made.has(path)) continue;
      orphans.push(path);
      if (!opts.check) await rm(join(root, path));
    }
  }
  return { changed, orphans };
}
