import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);

/** Runs git in a folder and returns its trimmed stdout; throws with git's stderr on failure. */
export async function git(cwd: string, args: readonly string[]): Promise<string> {
  try {
    const { stdout } = await run("git", [...args], { cwd, maxBuffer: 64 * 1024 * 1024 });
    return stdout.trim();
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim();
    throw new Error(
      `git ${args.join(" ")}: ${stderr || (error instanceof Error ? error.message : String(error))}`,
    );
  }
}

/** The top folder of the git work tree containing `dir`. */
export async function repoRoot(dir: string): Promise<string> {
  return git(dir, ["rev-parse", "--show-toplevel"]);
}

/** The commit a revision names (branch, tag, sha, HEAD~1…); throws a clear error for an unknown one. */
export async function resolveCommit(root: string, rev: string): Promise<string> {
  try {
    return await git(root, ["rev-parse", "--verify", "--quiet", `${rev}^{commit}`]);
  } catch {
    throw new Error(`unknown git revision "${rev}"`);
  }
}
