/**
 * Children and temporary folders of a long-running tool, so that however the tool ends (a failed
 * step, Ctrl-C, a termination signal) none is left behind. Each child runs in its own process group,
 * so stopping it also stops what it started (e.g. the node process under `/usr/bin/time`).
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { rmSync } from "node:fs";
import { constants } from "node:os";
import { setTimeout as sleep } from "node:timers/promises";

const children = new Set<ChildProcess>();
const tempDirs = new Set<string>();
/** Set once a signal arrived: the cleanup that ends with the process's exit. */
let interruption: Promise<void> | undefined;

/** Spawns a command in its own process group and keeps it until it ends. */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, [...args], { ...options, detached: true });
  children.add(child);
  const forget = (): void => {
    children.delete(child);
  };
  child.once("error", forget);
  child.once("exit", forget);
  return child;
}

/** Keeps a temporary folder to remove if the tool is stopped before it removes it itself. */
export function trackTempDir(dir: string): void {
  tempDirs.add(dir);
}

/** The tool removed the folder itself. */
export function untrackTempDir(dir: string): void {
  tempDirs.delete(dir);
}

function signalGroups(signal: NodeJS.Signals): void {
  for (const child of children) {
    if (child.pid === undefined) continue;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // the group is gone already
    }
  }
}

/**
 * Stops every tracked child's process group (SIGTERM, then SIGKILL for what is still there after
 * `graceMs`) and removes every tracked temporary folder.
 */
export async function stopEverything(graceMs = 5_000): Promise<void> {
  signalGroups("SIGTERM");
  const deadline = Date.now() + graceMs;
  while (children.size > 0 && Date.now() < deadline) await sleep(50);
  signalGroups("SIGKILL");
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * The cleanup of a signal that arrived, which exits the process when done; undefined when none did.
 * A failure caused by the signal (its command was killed) waits for it, so the exit code stays the
 * signal's.
 */
export function signalled(): Promise<void> | undefined {
  return interruption;
}

/**
 * On SIGINT or SIGTERM: says so on stderr, stops every tracked child and removes every tracked
 * temporary folder, then exits with 128 + the signal's number (130, 143).
 */
export function exitCleanlyOnSignals(tool: string): void {
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      console.error(`\n${tool}: ${signal}, stopping ${children.size} running command(s)`);
      interruption = stopEverything().finally(() => process.exit(128 + constants.signals[signal]));
    });
  }
}
