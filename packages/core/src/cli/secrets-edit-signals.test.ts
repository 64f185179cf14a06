import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFile } from "node:fs/promises";
import { constants } from "node:os";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type EditFixture, type EditorRun, makeEditFixture } from "./test-support/edit-fixture.js";

const CORE = join(import.meta.dirname, "../..");

/** `helix-cluster secrets edit <file>` in a child process of its own, as a user runs it. */
function editInChild(fx: EditFixture): ChildProcess & { stderrText: () => string } {
  const main = pathToFileURL(join(import.meta.dirname, "main.ts")).href;
  const script = `const { main } = await import(${JSON.stringify(main)});\nprocess.exitCode = await main(["secrets", "edit", ${JSON.stringify(fx.file)}]);`;
  const child = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "--eval", script], {
    cwd: CORE,
    env: { ...process.env, ...fx.env, NODE_OPTIONS: "" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  return Object.assign(child, { stderrText: () => stderr });
}

/** Waits until the editor has opened the plaintext (bounded: 30 s). */
async function editorStarted(fx: EditFixture): Promise<EditorRun> {
  for (let waited = 0; waited < 30_000; waited += 50) {
    const [run] = await fx.runs();
    if (run) return run;
    await sleep(50);
  }
  throw new Error("the editor never started");
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("helix-cluster secrets edit, ended by a signal while the editor runs", () => {
  let fx: EditFixture;
  let child: ChildProcess | undefined;
  beforeEach(async () => {
    fx = await makeEditFixture();
    await fx.plan([{ hang: true }]);
  });
  // A failed test must not leave its command or its hanging editor behind.
  afterEach(async () => {
    if (child?.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    for (const run of await fx.runs()) if (isRunning(run.pid)) process.kill(run.pid, "SIGKILL");
  });

  it.each(["SIGINT", "SIGTERM", "SIGHUP"] as const)(
    "on %s stops the editor, removes the plaintext folder and exits with 128 + the signal number",
    async (signal) => {
      const before = await readFile(fx.file, "utf8");
      const editing = editInChild(fx);
      child = editing;
      const exited = once(editing, "exit");
      const run = await editorStarted(fx);
      expect(dirname(dirname(run.file))).toBe(fx.tmp);
      expect(await fx.leftovers()).toHaveLength(1);
      editing.kill(signal);
      const [code] = (await exited) as [number | null];
      expect(code).toBe(128 + constants.signals[signal]);
      expect(editing.stderrText()).toContain(
        `${signal}: ${fx.file} unchanged; the decrypted copy was removed`,
      );
      expect(await fx.leftovers()).toEqual([]);
      expect(isRunning(run.pid)).toBe(false);
      expect(await readFile(fx.file, "utf8")).toBe(before);
    },
  );
});
