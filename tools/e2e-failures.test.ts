// `npm run e2e` ends promptly and cleanly when a step fails: whether the command cannot start, exits
// non-zero, or the run is interrupted, the exit code is non-zero and the registry's processes, the
// running command and the temporary folder are all gone. A fake `age-keygen` (the first command the
// run calls after starting the registry) plays each failure.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import { processGroup } from "./e2e/registry.js";
import { onPath } from "./suites/external.js";

const root = resolve(import.meta.dirname, "..");
/** Far below the 10-minute limit of a step: a run still going then has hung. */
const HANG_MS = 60_000;
const started: ChildProcess[] = [];
const temps: string[] = [];

interface Ended {
  readonly code: number | null;
  readonly output: string;
}

/** A PATH of one folder: `ps` (the registry's stop uses it) and, when given, a fake age-keygen. */
async function fakePath(ageKeygen?: string): Promise<string> {
  const bin = await mkdtemp(join(tmpdir(), "helix-e2e-bin-"));
  temps.push(bin);
  await symlink(onPath("ps") ?? "/bin/ps", join(bin, "ps"));
  if (ageKeygen) await writeFile(join(bin, "age-keygen"), `#!/bin/sh\n${ageKeygen}\n`, { mode: 0o755 });
  return bin;
}

/** Starts the e2e with that PATH; `ended` resolves when it exits, or rejects if it hangs. */
function startE2e(path: string): { child: ChildProcess; output: () => string; ended: Promise<Ended> } {
  const child = spawn(process.execPath, ["--import", "tsx", "tools/e2e.ts"], {
    cwd: root,
    env: { ...process.env, PATH: path },
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.push(child);
  let output = "";
  child.stdout?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on("data", (c: Buffer) => {
    output += c.toString();
  });
  const ended = new Promise<Ended>((resolveEnd, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`e2e still running after ${HANG_MS} ms:\n${output}`)),
      HANG_MS,
    );
    child.on("close", (code) => {
      clearTimeout(timer);
      resolveEnd({ code, output });
    });
  });
  return { child, output: () => output, ended };
}

/** The registry's process group and the temporary folder the run printed are both gone. */
async function expectCleanedUp(output: string): Promise<void> {
  const pid = Number(/registry http:\/\/127\.0\.0\.1:\d+ \(pid (\d+)\)/.exec(output)?.[1]);
  expect(pid, output).toBeGreaterThan(0);
  expect(await processGroup(pid)).toEqual([]);
  const temp = /temporary folder (\S+)/.exec(output)?.[1] ?? "";
  expect(temp, output).toMatch(/helix-e2e-/);
  expect(existsSync(temp), temp).toBe(false);
}

afterEach(async () => {
  for (const child of started.splice(0)) if (child.exitCode === null) child.kill("SIGKILL");
  await Promise.all(temps.splice(0).map((t) => rm(t, { recursive: true, force: true })));
});

describe("npm run e2e when a step fails", () => {
  it("given age-keygen missing from PATH, when run, then it exits 1 at once, names the command and cleans up", async () => {
    const { code, output } = await startE2e(await fakePath()).ended;
    expect(code).toBe(1);
    expect(output).toMatch(/cannot run age-keygen -o .*ENOENT \(is age-keygen installed and on PATH\?\)/);
    expect(output).toMatch(/^e2e: \d+ passed, 1 failed$/m);
    await expectCleanedUp(output);
  });

  it("given age-keygen exiting 3, when run, then it exits 1 with the command's output and cleans up", async () => {
    const path = await fakePath('echo "age-keygen: no entropy" >&2; exit 3');
    const { code, output } = await startE2e(path).ended;
    expect(code).toBe(1);
    expect(output).toContain("age-keygen -o");
    expect(output).toContain("exited with 3:\nage-keygen: no entropy");
    expect(output).toMatch(/^e2e: \d+ passed, 1 failed$/m);
    await expectCleanedUp(output);
  });

  it("given SIGTERM while age-keygen runs, when stopped, then it exits 143 and kills the command and the registry", async () => {
    const marker = join(await mkdtemp(join(tmpdir(), "helix-e2e-marker-")), "pid");
    temps.push(resolve(marker, ".."));
    const sleepBin = onPath("sleep") ?? "/bin/sleep";
    const path = await fakePath(`echo $$ > ${marker}; exec ${sleepBin} 600`);
    const run = startE2e(path);
    while (!existsSync(marker) || (await readFile(marker, "utf8")).trim() === "") {
      if (run.child.exitCode !== null) throw new Error(`e2e ended early:\n${run.output()}`);
      await sleep(100);
    }
    const keygenPid = Number((await readFile(marker, "utf8")).trim());
    run.child.kill("SIGTERM");
    const { code, output } = await run.ended;
    expect(code).toBe(143);
    expect(output).toContain("SIGTERM: stopping the running command and the registry");
    expect(() => process.kill(keygenPid, 0)).toThrow();
    await expectCleanedUp(output);
  });
});
