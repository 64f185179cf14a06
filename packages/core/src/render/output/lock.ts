import { randomBytes } from "node:crypto";
import { linkSync, readdirSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import { codeOf, readIfExists, unlinkIfExists } from "./fs-errors.js";

/** Who holds a lock: enough to tell a live render from a dead one, and to name it in a message. */
export interface LockHolder {
  readonly pid: number;
  readonly host: string;
  /** When the holding process took the lock (ISO time), for the message. */
  readonly since: string;
  /** The process's start time in clock ticks since boot (Linux), which tells a reused pid apart. */
  readonly startTicks?: string;
  /** What it is writing, for the message (e.g. `cluster "helix-onprem"`). */
  readonly label: string;
  /** Random, so a release never removes a lock someone else took over. */
  readonly token: string;
}

/** A lock held by this process; `release` removes it (only if it is still ours). */
export interface HeldLock {
  readonly file: string;
  release(): void;
}

/** Thrown when another live render holds the lock, naming its pid and the lock file. */
export class LockedError extends Error {
  readonly lockFile: string;
  readonly holder: LockHolder | undefined;
  constructor(lockFile: string, holder: LockHolder | undefined, folder: string) {
    super(
      holder
        ? `another render (${holder.label}, pid ${holder.pid} on ${holder.host}, since ${holder.since}) is writing ${folder}; wait for it to finish. Lock file: ${lockFile} — delete it only if that process is gone.`
        : `the lock file ${lockFile} of ${folder} is not one helix-cluster wrote; delete it if no render is running.`,
    );
    this.name = "LockedError";
    this.lockFile = lockFile;
    this.holder = holder;
  }
}

const LOCK = "lock";
const TAKEOVER = "lock.takeover";

/**
 * Takes the render lock of a folder: one render of one output at a time. The lock file appears
 * atomically with its content (written to a temporary file, then hard-linked to the lock name,
 * which fails when it exists), naming pid, host and start time. A lock whose process is gone
 * (same host, pid not running or reused) is taken over; a live one throws {@link LockedError}
 * naming it. A takeover is itself guarded by an exclusive file, so two renders finding the same
 * stale lock never both win. Hand-written rather than proper-lockfile or lockfile: those decide
 * staleness by age (a timer refreshing an mtime), which a render busy in synchronous work for
 * longer than the interval would lose, where a dead pid is a certain sign.
 */
export function acquireLock(stateDir: string, label: string, folder: string): HeldLock {
  const me: LockHolder = {
    pid: process.pid,
    host: hostname(),
    since: new Date().toISOString(),
    ...(processStartTicks(process.pid) ? { startTicks: processStartTicks(process.pid) } : {}),
    label,
    token: randomBytes(8).toString("hex"),
  };
  const lockFile = join(stateDir, LOCK);
  const draft = join(stateDir, `lock-${me.pid}-${me.token}.tmp`);
  writeFileSync(draft, `${JSON.stringify(me)}\n`, { flag: "wx" });
  try {
    for (let attempt = 0; attempt < 5; attempt++) {
      if (tryLink(draft, lockFile)) {
        removeDeadDrafts(stateDir);
        return { file: lockFile, release: () => releaseLock(lockFile, me.token) };
      }
      const raw = readIfExists(lockFile);
      if (raw === undefined) continue; // released in the meantime: try again
      const holder = parseHolder(raw);
      if (!holder) throw new LockedError(lockFile, undefined, folder);
      if (isAlive(holder)) throw new LockedError(lockFile, holder, folder);
      takeOver(stateDir, draft, lockFile, raw, folder);
    }
  } finally {
    unlinkIfExists(draft);
  }
  throw new LockedError(lockFile, parseHolder(readIfExists(lockFile) ?? ""), folder);
}

/** Removes the stale lock `raw`, holding the takeover guard; the caller then links its own. */
function takeOver(stateDir: string, draft: string, lockFile: string, raw: string, folder: string): void {
  const guard = join(stateDir, TAKEOVER);
  if (!tryLink(draft, guard)) {
    const other = parseHolder(readIfExists(guard) ?? "");
    if (other && isAlive(other)) throw new LockedError(guard, other, folder);
    unlinkIfExists(guard); // left by a render that died while taking over
    return;
  }
  try {
    if (readIfExists(lockFile) === raw) unlinkIfExists(lockFile);
  } finally {
    unlinkIfExists(guard);
  }
}

function releaseLock(lockFile: string, token: string): void {
  if (parseHolder(readIfExists(lockFile) ?? "")?.token === token) unlinkIfExists(lockFile);
}

/** True unless the holder's process is certainly gone: same host, and no such pid or a reused one. */
export function isAlive(holder: LockHolder): boolean {
  if (holder.host !== hostname()) return true;
  if (holder.pid === process.pid) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (error) {
    return codeOf(error) === "EPERM";
  }
  const ticks = processStartTicks(holder.pid);
  return holder.startTicks === undefined || ticks === undefined || ticks === holder.startTicks;
}

/** Field 22 of /proc/<pid>/stat (start time since boot); undefined off Linux. */
function processStartTicks(pid: number): string | undefined {
  const stat = readIfExists(`/proc/${pid}/stat`);
  // The command name (field 2) may hold spaces and parentheses: count from the last ")".
  return stat?.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
}

function parseHolder(raw: string): LockHolder | undefined {
  try {
    const value = JSON.parse(raw) as Partial<LockHolder>;
    return typeof value.pid === "number" && typeof value.host === "string" && typeof value.token === "string"
      ? (value as LockHolder)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Drafts of lock files left by processes killed while taking a lock. */
function removeDeadDrafts(stateDir: string): void {
  for (const name of readdirSync(stateDir)) {
    const m = /^lock-(\d+)-[0-9a-f]+\.tmp$/.exec(name);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid === process.pid) continue;
    try {
      process.kill(pid, 0);
    } catch (error) {
      if (codeOf(error) === "ESRCH") unlinkIfExists(join(stateDir, name));
    }
  }
}

function tryLink(from: string, to: string): boolean {
  try {
    linkSync(from, to);
    return true;
  } catch (error) {
    if (codeOf(error) === "EEXIST") return false;
    throw error;
  }
}
