import { mkdirSync, rmdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { type ClearedTree, checkTrees, type OutputProblem, type OutputTree } from "./check-trees.js";
import { type Checkpoint, checkpoints, Interrupted } from "./checkpoint.js";
import { dropIndex, loadIndex, saveIndex } from "./file-index.js";
import { messageOf } from "./fs-errors.js";
import { indexAfterWrite, needsNewIndex } from "./index-after-write.js";
import {
  applyOperation,
  commitTransaction,
  finishTransaction,
  type Recovery,
  recoverFolder,
  rollBack,
  stageFile,
  startTransaction,
  writeJournal,
} from "./journal.js";
import { removeLegacyDebris } from "./legacy-debris.js";
import { acquireLock, type HeldLock } from "./lock.js";
import { markerText } from "./marker.js";
import { type ChangePlan, planChanges } from "./plan-changes.js";
import { deferSignals, raiseAgain } from "./signals.js";
import { MARKER_FILE, STATE_DIR } from "./tree-path.js";
import {
  OutputWriteError,
  type TreeWriteResult,
  type WriterHooks,
  type WriteTreesOptions,
} from "./writer-types.js";

export {
  OutputWriteError,
  type TreeWriteResult,
  type WriterHooks,
  type WriterStep,
  type WriteTreesOptions,
} from "./writer-types.js";

interface Session {
  readonly cleared: ClearedTree;
  readonly stateDir: string;
  readonly wanted: Map<string, string>;
  /** The first folder this write created (with mkdir -p), removed again if nothing is written. */
  created?: string | undefined;
  lock?: HeldLock;
  recovery: Recovery;
  plan?: ChangePlan;
  /** How far the transaction got. */
  phase: "open" | "staged" | "journaled" | "committed";
}

/**
 * Makes each folder hold exactly its files (plus a `.helix-rendered` marker), changing only
 * what differs: new and changed files are written, stale files and emptied folders removed,
 * untouched files keep their bytes and mtimes. Guarantees:
 *
 * - Only its own folders: a folder is written only if it is missing, empty, or marked as this
 *   cluster's same tree; everything is refused before anything is touched otherwise, and no path
 *   can leave its folder (each is checked as planned and again as resolved).
 * - Whole trees: changes go through a write-ahead journal (see journal.ts) with backups of
 *   what they replace; any error, or SIGINT/SIGTERM/SIGHUP (deferred until a safe point), rolls
 *   every folder back to its previous tree; after SIGKILL or a crash the next write rolls back
 *   before anything else. All folders commit together at the end (within milliseconds of each
 *   other; a kill between two commits leaves each folder whole, one new and one old).
 * - One writer per folder: a lock names the process holding it; a dead holder's lock is taken
 *   over (see lock.ts).
 * - Cheap when little changed: a per-folder index of stamps and digests (see file-index.ts)
 *   spares reading files, yet a file edited or removed by hand is found and restored.
 * - No debris: staging, backups and journal live in the folder's git-ignored `.helix-render/`
 *   and are removed when done, or by the next write.
 *
 * Crash safety covers the process dying at any point. Files are not fsynced one by one (60,000
 * fsyncs cost more than the render): after a power loss a file may be empty although written;
 * its size then differs from the index and the next render rewrites it.
 */
export async function writeTrees(
  trees: readonly OutputTree[],
  options: WriteTreesOptions = {},
): Promise<TreeWriteResult[]> {
  const { cleared, problems } = checkTrees(trees);
  if (problems.length > 0)
    throw new OutputWriteError([
      ...problems,
      {
        dir: trees[0]?.dir ?? "",
        message: `nothing was written: ${names(trees.map((t) => t.dir))} ${unchanged(trees.length)}`,
      },
    ]);
  const sessions: Session[] = cleared.map((c) => {
    const wanted = new Map(c.tree.files);
    wanted.set(MARKER_FILE, markerText(c.tree.owner));
    return { cleared: c, stateDir: join(c.dir, STATE_DIR), wanted, recovery: "none", phase: "open" };
  });
  const signals = deferSignals();
  const checkpoint = checkpoints(signals, options.hooks);
  let note = "";
  const at: Progress = { dir: sessions[0]?.cleared.dir ?? "" };
  try {
    await openAll(sessions, checkpoint, at);
    await changeAll(sessions, checkpoint, at);
    const after = await finishAll(sessions, options.hooks);
    note = `${names(sessions.map((s) => s.cleared.dir))} ${sessions.length === 1 ? "was" : "were"} written completely`;
    if (after.length > 0) throw new OutputWriteError(after);
    return sessions.map(resultOf);
  } catch (error) {
    if (error instanceof OutputWriteError) throw error;
    const failure = abortAll(sessions, error, at.dir);
    // On a signal the first problem is the interruption itself, which the note already says.
    note = failure
      .slice(error instanceof Interrupted ? 1 : 0)
      .map((p) => p.message)
      .join("\n");
    throw new OutputWriteError(failure);
  } finally {
    for (const s of sessions) s.lock?.release();
    const signal = signals.stop();
    if (signal) raiseAgain(signal, `helix-cluster: interrupted by ${signal}: ${note}`);
  }
}

/** Creates missing folders, takes every lock, then recovers each folder. */
async function openAll(sessions: Session[], checkpoint: Checkpoint, at: Progress): Promise<void> {
  for (const s of sessions) {
    at.dir = s.cleared.dir;
    await checkpoint("lock", s.cleared.dir, 0);
    s.created = mkdirSync(s.cleared.dir, { recursive: true });
    mkdirSync(s.stateDir, { recursive: true });
    s.lock = acquireLock(s.stateDir, `cluster "${s.cleared.tree.owner.cluster}"`, s.cleared.dir);
  }
  for (const s of sessions) {
    at.dir = s.cleared.dir;
    await checkpoint("recover", s.cleared.dir, 0);
    try {
      s.recovery = recoverFolder(s.cleared.dir, s.stateDir);
    } catch (error) {
      throw new Error(
        `an earlier render was stopped while writing it and its journal ${join(s.stateDir, "journal")} cannot be rolled back (${messageOf(error)}); the folder holds a partly written tree until a render completes`,
      );
    }
    removeLegacyDebris(s.cleared.dir);
  }
}

/** Compares, stages, journals and applies every folder's changes, then commits them all. */
async function changeAll(sessions: Session[], checkpoint: Checkpoint, at: Progress): Promise<void> {
  for (const s of sessions) {
    at.dir = s.cleared.dir;
    await checkpoint("scan", s.cleared.dir, 0);
    s.plan = planChanges(s.cleared.dir, s.wanted, loadIndex(s.stateDir));
  }
  const changing = sessions.filter((s) => (s.plan?.operations.length ?? 0) > 0);
  for (const s of changing) {
    at.dir = s.cleared.dir;
    startTransaction(s.stateDir);
    s.phase = "staged";
    let staged = 0;
    for (const op of s.plan?.operations ?? []) {
      if (op.kind !== "replace") continue;
      await checkpoint("stage", s.cleared.dir, staged++);
      stageFile(s.stateDir, op.n, s.wanted.get(op.path) ?? "");
    }
  }
  for (const s of changing) {
    at.dir = s.cleared.dir;
    await checkpoint("journal", s.cleared.dir, 0);
    dropIndex(s.stateDir);
    writeJournal(s.stateDir, s.plan?.operations ?? []);
    s.phase = "journaled";
  }
  for (const s of changing) {
    at.dir = s.cleared.dir;
    for (const [i, op] of (s.plan?.operations ?? []).entries()) {
      await checkpoint("apply", s.cleared.dir, i);
      applyOperation(s.cleared.dir, s.stateDir, op, s.wanted.get(op.path));
    }
  }
  for (const s of changing) {
    at.dir = s.cleared.dir;
    await checkpoint("commit", s.cleared.dir, 0);
    commitTransaction(s.stateDir);
    s.phase = "committed";
  }
}

/**
 * After the commit every folder holds its new tree; removing the backups and saving the index
 * may still fail (reported: the output is complete, the next write finishes the cleaning).
 */
async function finishAll(
  sessions: readonly Session[],
  hooks: WriterHooks | undefined,
): Promise<OutputProblem[]> {
  const problems: OutputProblem[] = [];
  for (const s of sessions) {
    const dir = s.cleared.dir;
    try {
      await hooks?.beforeStep?.("clean", { dir, n: 0 });
      if (s.phase === "committed") finishTransaction(s.stateDir);
    } catch (error) {
      problems.push({
        dir,
        message: `${dir} was written completely, but removing its backups in ${s.stateDir} failed: ${messageOf(error)}; the next render removes them`,
      });
    }
    try {
      await hooks?.beforeStep?.("index", { dir, n: 0 });
      if (s.plan && needsNewIndex(s.plan, s.recovery))
        saveIndex(s.stateDir, ...indexAfterWrite(s.cleared.dir, s.plan, s.wanted));
    } catch (error) {
      problems.push({
        dir,
        message: `${dir} was written completely, but saving its file index failed: ${messageOf(error)}; the next render compares every file`,
      });
    }
  }
  return problems;
}

/**
 * Undoes what a failed write did: folders not yet committed are rolled back (or their staging
 * removed), folders this write created are removed again; every lock is released by the caller.
 * Returns the problems to report, saying which folders keep their previous tree.
 */
function abortAll(sessions: readonly Session[], error: unknown, failedAt: string): OutputProblem[] {
  const cause =
    error instanceof Interrupted ? `interrupted by ${error.signal}` : `cannot write: ${messageOf(error)}`;
  const problems: OutputProblem[] = [{ dir: failedAt, message: `${failedAt}: ${cause}` }];
  const kept: string[] = [];
  const written: string[] = [];
  for (const s of [...sessions].reverse()) {
    const dir = s.cleared.dir;
    if (s.phase === "committed") {
      written.unshift(dir);
      try {
        finishTransaction(s.stateDir);
        if (s.plan) saveIndex(s.stateDir, ...indexAfterWrite(s.cleared.dir, s.plan, s.wanted));
      } catch (cleanError) {
        problems.push({
          dir,
          message: `removing the backups or saving the index of ${dir} failed: ${messageOf(cleanError)}; the next render finishes it`,
        });
      }
      continue;
    }
    try {
      if (s.phase === "journaled") rollBack(dir, s.stateDir, s.plan?.operations ?? []);
      else if (s.phase === "staged") finishTransaction(s.stateDir);
      if (s.lock && s.cleared.state !== "owned") removeCreated(s);
      kept.unshift(dir);
    } catch (undoError) {
      problems.push({
        dir,
        message: `${dir} is left half written: ${messageOf(undoError)}; the next render restores it from ${join(s.stateDir, "journal")} before anything else`,
      });
    }
  }
  if (written.length > 0)
    problems.push({
      dir: written[0] ?? "",
      message: `${names(written)} ${written.length === 1 ? "was" : "were"} written completely`,
    });
  if (kept.length > 0)
    problems.push({ dir: kept[0] ?? "", message: `${names(kept)} ${unchanged(kept.length)}` });
  return problems;
}

/** Takes a folder that was missing or empty back to that: its state folder, and folders mkdir created. */
function removeCreated(s: Session): void {
  s.lock?.release();
  rmSync(s.stateDir, { recursive: true, force: true });
  if (!s.created) return;
  for (let dir = s.cleared.dir; ; dir = dirname(dir)) {
    rmdirSync(dir);
    if (dir === s.created) return;
  }
}

function resultOf(s: Session): TreeWriteResult {
  const ops = s.plan?.operations ?? [];
  const count = (kind: string): number => ops.filter((o) => o.kind === kind).length;
  return {
    dir: s.cleared.dir,
    created: count("create"),
    replaced: count("replace"),
    removed: count("remove"),
    unchanged: s.plan?.keptFiles.size ?? 0,
    verified: s.plan?.verified ?? 0,
    recovery: s.recovery,
  };
}

/** The folder being worked on, for the message when something fails. */
interface Progress {
  dir: string;
}

function names(dirs: readonly string[]): string {
  return dirs.length <= 1 ? (dirs[0] ?? "") : `${dirs.slice(0, -1).join(", ")} and ${dirs.at(-1)}`;
}

function unchanged(count: number): string {
  return count === 1 ? "is left as it was" : "are left as they were";
}
