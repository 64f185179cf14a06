import { mkdir, mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git } from "./git.js";

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
 * the process is interrupted (SIGINT, SIGTERM) — so neither a folder nor git's worktree record is
 * left behind. On a signal, children spawned with the abort signal are killed, the work is let
 * settle (a checkout still in progress finishes), everything is removed, and the signal is raised
 * again so the process ends as interrupted; a second signal ends it at once.
 */
export async function withWorktree<T>(
  root: string,
  commit: string,
  fn: (checkout: TempCheckout) => Promise<T>,
  tempDir: string = tmpdir(),
): Promise<T> {
  let parent: string | undefined;
  const interrupted = new AbortController();
  let removal: Promise<void> | undefined;
  // Once, whether the signal handler or the normal end gets there first.
  const removeAll = (): Promise<void> =>
    (removal ??= (async () => {
      // Our own removal first (Node's rm never follows the node_modules links), then git forgets
      // the worktree.
      if (parent) await rm(parent, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
      await git(root, ["worktree", "prune"]).catch(() => undefined);
    })());
  let settled: Promise<unknown> = Promise.resolve();
  const onSignal = (signal: NodeJS.Signals): void => {
    interrupted.abort();
    // Removing while git checks out or a dying render still writes would race them: wait until
    // the work has settled, so nothing writes any more.
    void settled.then(removeAll).finally(() => process.kill(process.pid, signal));
  };
  // Listening before anything exists, and until everything is gone again.
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  const work = (async (): Promise<T> => {
    parent = await realpath(await mkdtemp(join(tempDir, "helix-diff-")));
    const worktree = join(parent, "base");
    const scratch = join(parent, "out");
    await mkdir(scratch);
    interrupted.signal.throwIfAborted();
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
    interrupted.signal.throwIfAborted();
    return fn({ worktree, scratch, signal: interrupted.signal });
  })();
  settled = work.catch(() => undefined);
  try {
    return await work;
  } finally {
    await removeAll();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
}
