import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { diffCommand } from "./diff-command.js";

async function run(
  args: readonly string[],
  cwd: string,
): Promise<{ code: number; out: string; err: string }> {
  const out = new PassThrough();
  const err = new PassThrough();
  let outText = "";
  let errText = "";
  out.on("data", (c: Buffer) => {
    outText += c.toString();
  });
  err.on("data", (c: Buffer) => {
    errText += c.toString();
  });
  const code = await diffCommand(args, { out, err }, cwd);
  return { code, out: outText, err: errText };
}

describe("helix-cluster diff", () => {
  let repo: string;
  beforeAll(async () => {
    repo = await mkdtemp(join(tmpdir(), "diff-cli-"));
    await writeFile(join(repo, "package.json"), "{}\n");
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    };
    execFileSync("sh", ["-c", "git init -q && git add -A && git commit -qm init"], { cwd: repo, env });
  });
  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
  });

  it("needs --base and a known format", async () => {
    expect((await run([], repo)).code).toBe(2);
    expect((await run(["--base", "HEAD", "--format", "html"], repo)).code).toBe(2);
    expect((await run(["--bsae", "HEAD"], repo)).err).toContain("usage:");
  });

  it("names an unknown revision", async () => {
    const result = await run(["--base", "nope"], repo);
    expect(result).toMatchObject({ code: 1, err: 'diff: unknown git revision "nope"\n' });
  });

  it("says so when the repository has no cluster entry, and leaves no worktree", async () => {
    const result = await run(["--base", "HEAD"], repo);
    expect(result.code).toBe(1);
    expect(result.err).toContain("no cluster entries");
    const worktrees = execFileSync("git", ["worktree", "list", "--porcelain"], {
      cwd: repo,
      encoding: "utf8",
    });
    expect(worktrees.match(/^worktree /gm)).toHaveLength(1);
  });
});
