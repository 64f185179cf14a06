import { readdir, stat } from "node:fs/promises";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { compareTrees, type TreeDiff } from "./compare-trees.js";
import { repoRoot, resolveCommit } from "./git.js";
import { linkNodeModules } from "./link-node-modules.js";
import { type EntryRender, renderInChild } from "./render-in-child.js";
import { indexTree, readTree } from "./rendered-tree.js";
import { withWorktree } from "./worktree.js";

/** Options of a diff between a git revision and the working tree. */
export interface DiffOptions {
  /** The base revision: a branch, tag, sha, `HEAD~1`, `origin/main`… */
  readonly base: string;
  /** Cluster entries (relative to `cwd`); @default every `clusters/<name>/cluster.ts` of either side */
  readonly entries?: readonly string[];
  /** Any folder inside the repository. @default process.cwd() */
  readonly cwd?: string;
  /** Where the temporary worktree and outputs go (a new folder, removed afterwards). @default os.tmpdir() */
  readonly tempDir?: string;
}

/** One cluster's result: its diff, or why a side failed to render. */
export interface ClusterDiff {
  /** Cluster name (from the head render, else the base render, else the entry folder). */
  readonly cluster: string;
  /** Entry path relative to the repository root. */
  readonly entry: string;
  /** The entry exists on each side. */
  readonly inBase: boolean;
  readonly inHead: boolean;
  /** Render errors per side; the diff is absent when there is one. */
  readonly baseError?: string;
  readonly headError?: string;
  readonly diff?: TreeDiff;
}

/** A whole diff: which commit the base was, and each cluster's result. */
export interface RevisionDiff {
  readonly base: string;
  readonly baseCommit: string;
  readonly clusters: readonly ClusterDiff[];
}

/** `clusters/<name>/cluster.ts` files of a checkout, relative to its root. */
async function defaultEntries(root: string): Promise<string[]> {
  const dirs = await readdir(join(root, "clusters"), { withFileTypes: true }).catch(() => []);
  const found: string[] = [];
  for (const d of dirs) {
    const entry = `clusters/${d.name}/cluster.ts`;
    if (d.isDirectory() && (await exists(join(root, entry)))) found.push(entry);
  }
  return found;
}

async function exists(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined)) !== undefined;
}

/** Entries given on the command line, as "/"-separated paths relative to the repository root. */
function relativeEntries(root: string, cwd: string, entries: readonly string[]): string[] {
  return entries.map((e) => {
    const rel = relative(root, isAbsolute(e) ? e : resolve(cwd, e));
    if (rel.startsWith("..") || isAbsolute(rel))
      throw new Error(`cluster entry ${e} is outside the repository ${root}`);
    return rel.split(sep).join("/");
  });
}

/** Renders the entries of one checkout that exist there; keyed by entry. */
async function renderSide(
  root: string,
  entries: readonly string[],
  outRoot: string,
  signal: AbortSignal,
): Promise<Map<string, EntryRender>> {
  const present: string[] = [];
  for (const e of entries) if (await exists(join(root, e))) present.push(e);
  const results = await renderInChild(root, present, outRoot, signal);
  return new Map(results.map((r) => [r.entry, r]));
}

/**
 * Everything one side rendered for a cluster (`rendered/`, and `bootstrap/` or other trees written
 * beside it), indexed; empty when the entry does not exist on that side.
 */
async function treeOf(render: EntryRender | undefined): Promise<ReturnType<typeof indexTree>> {
  return render?.treeDir ? indexTree(await readTree(render.treeDir)) : [];
}

/**
 * Renders the cluster entries at a base revision (in a temporary git worktree sharing the working
 * tree's node_modules, removed afterwards, also on failure or interruption) and in the working tree
 * (uncommitted changes included), each into a temporary folder beside that worktree, and compares the two trees object by object. Each side renders in
 * its own child process with its own version of core and of the packages.
 */
export async function diffRevisions(opts: DiffOptions): Promise<RevisionDiff> {
  const cwd = resolve(opts.cwd ?? process.cwd());
  const root = await repoRoot(cwd);
  const baseCommit = await resolveCommit(root, opts.base);
  return withWorktree(
    root,
    baseCommit,
    async ({ worktree, scratch, signal }) => {
      const entries = opts.entries?.length
        ? relativeEntries(root, cwd, opts.entries)
        : [...new Set([...(await defaultEntries(root)), ...(await defaultEntries(worktree))])].sort();
      if (entries.length === 0) throw new Error("no cluster entries: give clusters/<name>/cluster.ts paths");
      await linkNodeModules(root, worktree);
      const [head, base] = await Promise.all([
        renderSide(root, entries, join(scratch, "head"), signal),
        renderSide(worktree, entries, join(scratch, "base"), signal),
      ]);
      const clusters: ClusterDiff[] = [];
      for (const entry of entries) {
        const h = head.get(entry);
        const b = base.get(entry);
        if (!h && !b)
          throw new Error(`cluster entry ${entry} exists neither in the working tree nor at ${opts.base}`);
        const cluster = h?.cluster ?? b?.cluster ?? entry.split("/").at(-2) ?? entry;
        const errors = {
          ...(h?.error ? { headError: h.error } : {}),
          ...(b?.error ? { baseError: b.error } : {}),
        };
        const common = { cluster, entry, inBase: b !== undefined, inHead: h !== undefined, ...errors };
        if (h?.error || b?.error) clusters.push(common);
        else clusters.push({ ...common, diff: compareTrees(await treeOf(b), await treeOf(h)) });
      }
      return { base: opts.base, baseCommit, clusters };
    },
    opts.tempDir,
  );
}
