import { existsSync, rmSync } from "node:fs";
import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git, gitQuietSync } from "./git.js";

/** What {@link withWorktree} hands its callback. */
export interface TempCheckout {
  /** The detached checkout of the commit. */
  readonly worktree: string;
  /** An empty scratch folder beside it, removed with it. */
  readonly scratch: string;
  /** Aborted when the process is interrupted: child processes spawned with it are killed. */
  readonly signal: AbortSignal;
}

/**
 * Checks `commit` out into a temporary detached `git worktree` (in a new folder under `tempDir`),
 * runs `fn` with it and a scratch folder, and removes both afterwards — also when `fn` throws or
 * the process is interrupted (SIGINT, SIGTERM: children spawned with the signal are killed first)
 * — so neither a folder nor git's worktree record is left behind.
 */
export async function withWorktree<T>(
  root: string,
  commit: string,
  fn: (checkout: TempCheckout) => Promise<T>,
  tempDir: string = tmpdir(),
): Promise<T> {
  let parent: string | undefined;
  const interrupted = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted.abort();
    // The aborted render children may still be writing for a moment after the signal: remove, then
    // look again a few times (bounded, the process is going down). Node's rm never follows symbolic
    // links, so the linked node_modules entries stay untouched.
    const pause = new Int32Array(new SharedArrayBuffer(4));
    for (let attempt = 0; parent && attempt < 10; attempt++) {
      try {
        rmSync(parent, { recursive: true, force: true });
      } catch {
        // Retried below.
      }
      Atomics.wait(pause, 0, 0, 100);
      if (!existsSync(parent)) break;
    }
    gitQuietSync(root, ["worktree", "prune"]);
    process.kill(process.pid, signal);
  };
  // Listening before anything exists, and until everything is gone again.
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    parent = await realpath(await mkdtemp(join(tempDir, "helix-diff-")));
    const worktree = join(parent, "base");
    const scratch = join(parent, "out");
    await mkdir(scratch);
    // Hooks off: a post-checkout hook (husky, lefthook…) has no business in a throw-away checkout.
    await git(root, [
      "-c",
      "core.hooksPath=/dev/null",
      "worktree",
      "add",
      "--detach",
      "--quiet",
      worktree,
      commit,
    ]);
    return await fn({ worktree, scratch, signal: interrupted.signal });
  } finally {
    // Our own removal first (it never follows the node_modules links), then git forgets the worktree.
    if (parent) await rm(parent, { recursive: true, force: true });
    await git(root, ["worktree", "prune"]).catch(() => undefined);
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
