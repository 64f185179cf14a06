import {
  closeSync,
  fsyncSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { dropIndex } from "./file-index.js";
import { codeOf, messageOf, readIfExists, unlinkIfExists } from "./fs-errors.js";
import type { Operation } from "./operations.js";
import { pathInside, unsafePathReason } from "./tree-path.js";

/**
 * The write-ahead journal of an owned folder, in its state folder:
 *
 * 1. stage: the new bytes of every changed file go to `txn/new/<n>` (the folder is untouched);
 * 2. journal: the list of operations is written to `journal` (temporary file, fsync, rename, fsync
 *    of the state folder), before the first change;
 * 3. apply: the operations, in order, each keeping what it replaces or removes in `txn/old/<n>`;
 * 4. commit: `journal` is removed (fsync): from here the new tree stands;
 * 5. clean: `txn/` (the backups) is removed.
 *
 * Whoever finds a `journal` (the next render, after a kill at any point of 3 or 4) rolls every
 * operation back, newest first, each judged by what is on disk (see {@link undoOperation}), which
 * restores the previous tree exactly; an unreadable journal is dropped and the render rewrites
 * every file it compares. A `txn/` without a journal is debris of 1 or 5 and is removed.
 */
const JOURNAL = "journal";
const TXN = "txn";

function staged(stateDir: string, n: number): string {
  return join(stateDir, TXN, "new", String(n));
}

function backup(stateDir: string, n: number): string {
  return join(stateDir, TXN, "old", String(n));
}

/** Starts a transaction: an empty `txn/` with its `new/` and `old/` folders. */
export function startTransaction(stateDir: string): void {
  rmSync(join(stateDir, TXN), { recursive: true, force: true });
  mkdirSync(join(stateDir, TXN, "new"), { recursive: true });
  mkdirSync(join(stateDir, TXN, "old"));
}

/** Stages the new bytes of a `replace` operation. */
export function stageFile(stateDir: string, n: number, content: string): void {
  writeFileSync(staged(stateDir, n), content, { flag: "wx", mode: 0o644 });
}

/** Records the operations durably, before any of them is made. */
export function writeJournal(stateDir: string, operations: readonly Operation[]): void {
  const tmp = join(stateDir, `${JOURNAL}.tmp`);
  const fd = openSync(tmp, "w", 0o644);
  try {
    writeFileSync(fd, `${JSON.stringify({ format: 1, operations })}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, join(stateDir, JOURNAL));
  syncFolder(stateDir);
}

/** Makes one operation; `content` is the bytes of a `create`. */
export function applyOperation(root: string, stateDir: string, op: Operation, content?: string): void {
  const target = pathInside(root, op.path);
  switch (op.kind) {
    case "remove":
      renameSync(target, backup(stateDir, op.n));
      return;
    case "rmdir":
      rmdirSync(target);
      return;
    case "mkdir":
      mkdirSync(target);
      return;
    case "create":
      // O_EXCL: never through a link that appeared in the meantime.
      writeFileSync(target, content ?? "", { flag: "wx", mode: 0o644 });
      return;
    case "replace":
      linkSync(target, backup(stateDir, op.n));
      renameSync(staged(stateDir, op.n), target);
      return;
  }
}

/**
 * Undoes one operation, from what is on disk: it may have been made, half made (a `replace`
 * between its link and its rename) or not made at all, and undoing twice is harmless.
 */
export function undoOperation(root: string, stateDir: string, op: Operation): void {
  const target = pathInside(root, op.path);
  switch (op.kind) {
    case "remove":
      if (exists(backup(stateDir, op.n))) renameSync(backup(stateDir, op.n), target);
      return;
    case "rmdir":
      if (!exists(target)) mkdirSync(target);
      return;
    case "mkdir":
      try {
        rmdirSync(target);
      } catch (error) {
        // ENOTEMPTY: something not in the journal was put there; the folder is the render's, so
        // the next render removes it as stale.
        if (codeOf(error) !== "ENOENT" && codeOf(error) !== "ENOTEMPTY") throw error;
      }
      return;
    case "create":
      unlinkIfExists(target);
      return;
    case "replace": {
      const old = backup(stateDir, op.n);
      if (!exists(old)) return; // not linked yet: the target is still the old file
      if (exists(staged(stateDir, op.n)))
        unlinkIfExists(old); // linked, not renamed: same
      else renameSync(old, target); // renamed: put the old file back
      return;
    }
  }
}

/**
 * Rolls operations back, newest first. Every undo is tried even when one fails; then, if all
 * succeeded, the journal and `txn/` go. A failure throws and keeps the journal for the next try.
 */
export function rollBack(root: string, stateDir: string, operations: readonly Operation[]): void {
  const failures: string[] = [];
  for (let i = operations.length - 1; i >= 0; i--) {
    const op = operations[i] as Operation;
    try {
      undoOperation(root, stateDir, op);
    } catch (error) {
      failures.push(`${op.kind} ${op.path}: ${messageOf(error)}`);
    }
  }
  if (failures.length > 0)
    throw new Error(`restoring the previous files failed (${failures.slice(0, 3).join("; ")})`);
  unlinkIfExists(join(stateDir, JOURNAL));
  syncFolder(stateDir);
  rmSync(join(stateDir, TXN), { recursive: true, force: true });
}

/** Commits: once the journal is gone, the new tree stands. */
export function commitTransaction(stateDir: string): void {
  unlinkIfExists(join(stateDir, JOURNAL));
  syncFolder(stateDir);
}

/** Removes the backups and staging area of a committed or abandoned transaction. */
export function finishTransaction(stateDir: string): void {
  rmSync(join(stateDir, TXN), { recursive: true, force: true });
}

/** What {@link recoverFolder} found and did. */
export type Recovery = "none" | "rolled back" | "dropped unreadable journal" | "removed debris";

/**
 * Brings a folder back to a whole tree before anything else is done to it: a leftover journal
 * is rolled back, leftovers of staging or cleaning are removed, and the index is dropped then
 * (the next comparison reads every file it cannot trust).
 */
export function recoverFolder(root: string, stateDir: string): Recovery {
  unlinkIfExists(join(stateDir, `${JOURNAL}.tmp`));
  const text = readIfExists(join(stateDir, JOURNAL));
  let recovery: Recovery = "none";
  if (text !== undefined) {
    const operations = parseJournal(text);
    if (operations) {
      rollBack(root, stateDir, operations);
      recovery = "rolled back";
    } else {
      unlinkIfExists(join(stateDir, JOURNAL));
      recovery = "dropped unreadable journal";
    }
  }
  if (exists(join(stateDir, TXN))) {
    rmSync(join(stateDir, TXN), { recursive: true, force: true });
    if (recovery === "none") recovery = "removed debris";
  }
  if (recovery !== "none") dropIndex(stateDir);
  return recovery;
}

/** The operations of a journal, or undefined when it is not one this writer wrote whole. */
function parseJournal(text: string): Operation[] | undefined {
  try {
    const value = JSON.parse(text) as { format?: unknown; operations?: unknown };
    if (value.format !== 1 || !Array.isArray(value.operations)) return undefined;
    const ops = value.operations as Operation[];
    const valid = ops.every(
      (op) =>
        typeof op === "object" &&
        op !== null &&
        typeof op.path === "string" &&
        unsafePathReason(op.path) === undefined &&
        (op.kind === "remove" || op.kind === "replace"
          ? Number.isInteger(op.n)
          : op.kind === "rmdir" || op.kind === "mkdir" || op.kind === "create"),
    );
    return valid ? ops : undefined;
  } catch {
    return undefined;
  }
}

function exists(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false }) !== undefined;
}

/** Flushes a folder's entries (renames, removals) to disk. */
function syncFolder(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
