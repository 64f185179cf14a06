import { rmSync } from "node:fs";
import { mkdtemp, realpath, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { git, gitQuietSync } from "./git.js";

/**
 * Checks `commit` out into a temporary detached `git worktree`, runs `fn` on its folder, and removes
 * the worktree afterwards — also when `fn` throws or the process is interrupted (SIGINT, SIGTERM) —
 * so neither the folder nor git's worktree record is left behind.
 */
export async function withWorktree<T>(
  root: string,
  commit: string,
  fn: (dir: string) => Promise<T>,
): Promise<T> {
  const parent = await realpath(await mkdtemp(join(tmpdir(), "helix-diff-")));
  const dir = join(parent, "base");
  const cleanUpSync = (): void => {
    try {
      // Node's rm never follows symbolic links: the linked node_modules entries stay untouched.
      rmSync(parent, { recursive: true, force: true });
    } catch {
      // Nothing more to do while the process is going down.
    }
    gitQuietSync(root, ["worktree", "prune"]);
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    cleanUpSync();
    process.kill(process.pid, signal);
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);
  try {
    await git(root, ["worktree", "add", "--detach", "--quiet", dir, commit]);
    return await fn(dir);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    // Our own removal first (it never follows the node_modules links), then git forgets the worktree.
    await rm(parent, { recursive: true, force: true });
    await git(root, ["worktree", "prune"]).catch(() => undefined);
  }
}
