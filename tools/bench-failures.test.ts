// `npm run bench` ends promptly and cleanly when a command fails to start, exits non-zero, or the run
// is interrupted: a non-zero exit, and no child process or temporary folder left behind. A fake
// `npx` on PATH plays the failing command; a synthetic run far too large to finish plays the
// interrupted one.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { run } from "./e2e/exec.js";

const root = resolve(import.meta.dirname, "..");
const HANG_MS = 60_000;
const started: ChildProcess[] = [];
const temps: string[] = [];

/** A PATH of one folder holding only a fake `npx` with that body, or nothing. */
async function fakePath(npx?: string): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), "helix-bench-bin-"));
  temps.push(bin);
  if (npx) await writeFile(join(bin, "npx"), `#!/bin/sh\n${npx}\n`, { mode: 0o755 });
  return bin;
}

function startBench(args: readonly string[], path = process.env.PATH ?? "") {
  const child = spawn(
    process.execPath,
    ["--conditions=helix-source", "--import", "tsx", "tools/bench.ts", "--runs", "1", ...args],
    { cwd: root, env: { ...process.env, PATH: path }, stdio: ["ignore", "pipe", "pipe"] },
  );
  started.push(child);
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const ended = new Promise<{ code: number | null; output: string }>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`bench still running after ${HANG_MS} ms:\n${output}`)),
      HANG_MS,
    );
    child.on("close", (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
  return { child, output: () => output, ended };
}

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

describe("npm run bench when a command fails", () => {
  it("given npx missing from PATH, when the cluster suite builds, then it exits 1 naming the command", async () => {
    const { code, output } = await startBench(["--skip", "synthetic,nx"], await fakePath()).ended;
    expect(code).toBe(1);
    expect(output).toContain("bench: cannot run npx: spawn npx ENOENT");
  });

  it("given npx exiting 3, when the cluster suite builds, then it exits 1 with the command's output", async () => {
    const path = await fakePath('echo "nx: no such target" >&2; exit 3');
    const { code, output } = await startBench(["--skip", "synthetic,nx"], path).ended;
    expect(code).toBe(1);
    expect(output).toContain(
      "npx nx run-many -t build --output-style=static exited with 3:\nnx: no such target",
    );
  });

  it("given SIGTERM during a synthetic run, when stopped, then it exits 143, the child is gone and so is its folder", async () => {
    const bench = startBench(["--skip", "clusters,nx,cdk8s", "--sizes", "500000"]);
    let dir: string | undefined;
    while (!dir) {
      if (bench.child.exitCode !== null) throw new Error(`bench ended early:\n${bench.output()}`);
      dir = /temporary folder (\S+)/.exec(bench.output())?.[1];
      await sleep(100);
    }
    await sleep(1_000);
    bench.child.kill("SIGTERM");
    const { code, output } = await bench.ended;
    expect(code).toBe(143);
    expect(output).toContain("bench: SIGTERM, stopping 1 running command(s)");
    expect(existsSync(dir), dir).toBe(false);
    const { stdout } = await run("ps", ["-eo", "args="], { cwd: root });
    expect(stdout.split("\n").filter((l) => l.includes(dir))).toEqual([]);
  });
});
