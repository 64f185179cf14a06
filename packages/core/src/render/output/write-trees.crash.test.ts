import { type ChildProcess, spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { snapshot, stateDebris, tempFolder } from "../../test-support/output-tree.js";
import type { WriterJob } from "../../test-support/writer-child.js";
import type { OutputTree } from "./check-trees.js";
import { recoverFolder } from "./journal.js";
import { OutputWriteError, type WriterStep, writeTrees } from "./write-trees.js";

const owner = { cluster: "test", tree: "rendered" };
const OLD = new Map([
  ["kustomization.yaml", "---\nresources: [./apps]\n"],
  ["apps/app/helmrelease.yaml", "---\nreplicas: 2\n"],
  ["apps/gone/configmap.yaml", "---\nkind: ConfigMap\n"],
]);
const NEW = new Map([
  ["kustomization.yaml", "---\nresources: [./apps]\n"],
  ["apps/app/helmrelease.yaml", "---\nreplicas: 3\n"],
  ["apps/added/configmap.yaml", "---\nkind: ConfigMap\n"],
]);
const CHILD = new URL("../../test-support/writer-child.ts", import.meta.url).pathname;

const tree = (root: string, files: ReadonlyMap<string, string>): OutputTree[] => [
  { dir: join(root, "rendered"), files, owner },
];

interface Running {
  readonly child: ChildProcess;
  readonly pid: number;
  readonly go: () => void;
  /** Resolves once the child's own listener saw a signal (the writer has it deferred by then). */
  readonly signalled: () => Promise<void>;
  readonly exit: Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
    stdout: string;
  }>;
}

/** Starts a child writing NEW over `root` and resolves once it waits at `step`. */
async function childStoppedAt(root: string, step: WriterStep, n = 0): Promise<Running> {
  const scratch = tempFolder("helix-writer-child-");
  const job: WriterJob = {
    trees: tree(root, NEW).map((t) => ({ ...t, files: [...t.files] })),
    stopAt: { step, tree: "rendered", n },
    readyFile: join(scratch, "ready"),
    goFile: join(scratch, "go"),
    signalledFile: join(scratch, "signalled"),
  };
  const child = spawn(process.execPath, ["--conditions=helix-source", "--import", "tsx", CHILD], {
    env: { ...process.env, HELIX_WRITER_JOB: JSON.stringify(job) },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  let stdout = "";
  child.stderr?.on("data", (c: Buffer) => {
    stderr += c.toString();
  });
  child.stdout?.on("data", (c: Buffer) => {
    stdout += c.toString();
  });
  const exit = new Promise<{
    code: number | null;
    signal: NodeJS.Signals | null;
    stderr: string;
    stdout: string;
  }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal, stderr, stdout })));
  for (let waited = 0; !existsSync(job.readyFile); waited += 20) {
    if (child.exitCode !== null || waited > 30_000)
      throw new Error(`the child did not reach ${step}:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  const signalled = async (): Promise<void> => {
    for (let waited = 0; !existsSync(job.signalledFile); waited += 10) {
      if (waited > 30_000) throw new Error(`the child never saw the signal:\n${stderr}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  return { child, pid: child.pid ?? 0, go: () => writeFileSync(job.goFile, ""), signalled, exit };
}

async function oldTree(): Promise<{
  root: string;
  dir: string;
  old: Record<string, string>;
  fresh: Record<string, string>;
}> {
  const root = tempFolder();
  await writeTrees(tree(root, OLD));
  const other = tempFolder();
  await writeTrees(tree(other, NEW));
  return {
    root,
    dir: join(root, "rendered"),
    old: snapshot(join(root, "rendered")),
    fresh: snapshot(join(other, "rendered")),
  };
}

describe("writeTrees in a process that is killed", () => {
  it("given SIGKILL mid-apply, when the next render runs, then it takes the dead lock over, rolls back and completes", async () => {
    const { root, dir, old, fresh } = await oldTree();
    const running = await childStoppedAt(root, "apply", 2);
    running.child.kill("SIGKILL");
    expect((await running.exit).signal).toBe("SIGKILL");
    expect(existsSync(join(dir, ".helix-render/journal"))).toBe(true);
    expect(JSON.parse(readFileSync(join(dir, ".helix-render/lock"), "utf8"))).toMatchObject({
      pid: running.pid,
    });
    expect(snapshot(dir)).not.toEqual(old); // half written: two of the changes are made

    const copy = tempFolder();
    cpSync(dir, copy, { recursive: true });
    recoverFolder(copy, join(copy, ".helix-render"));
    expect(snapshot(copy)).toEqual(old); // what is left rolls back to the previous tree whole

    const [result] = await writeTrees(tree(root, NEW));
    expect(result?.recovery).toBe("rolled back");
    expect(snapshot(dir)).toEqual(fresh);
    expect(stateDebris(dir)).toEqual([]);
  });

  it("given SIGKILL while staging, when the next render runs, then the staged copies are removed", async () => {
    const { root, dir, old, fresh } = await oldTree();
    const running = await childStoppedAt(root, "stage", 0);
    running.child.kill("SIGKILL");
    await running.exit;
    expect(snapshot(dir)).toEqual(old);
    expect(stateDebris(dir)).toContain("txn");
    const [result] = await writeTrees(tree(root, NEW));
    expect(result?.recovery).toBe("removed debris");
    expect(snapshot(dir)).toEqual(fresh);
    expect(stateDebris(dir)).toEqual([]);
  });

  it("given Ctrl-C (SIGINT) mid-apply, when the child stops, then the old tree is back whole, nothing is left, and it dies of SIGINT", async () => {
    const { root, dir, old } = await oldTree();
    const running = await childStoppedAt(root, "apply", 2);
    running.child.kill("SIGINT");
    await running.signalled();
    running.go();
    const exit = await running.exit;
    expect(exit.signal).toBe("SIGINT");
    expect(exit.stderr).toBe(`helix-cluster: interrupted by SIGINT: ${dir} is left as it was\n`);
    expect(snapshot(dir)).toEqual(old);
    expect(stateDebris(dir)).toEqual([]);
    expect(existsSync(join(dir, ".helix-render/lock"))).toBe(false);
  });

  it("given SIGTERM after the commit, when the child stops, then the new tree stands whole and it dies of SIGTERM", async () => {
    const { root, dir, fresh } = await oldTree();
    const running = await childStoppedAt(root, "clean", 0);
    running.child.kill("SIGTERM");
    await running.signalled();
    running.go();
    const exit = await running.exit;
    expect(exit.signal).toBe("SIGTERM");
    expect(exit.stderr).toBe(`helix-cluster: interrupted by SIGTERM: ${dir} was written completely\n`);
    expect(snapshot(dir)).toEqual(fresh);
    expect(stateDebris(dir)).toEqual([]);
  });

  it("given a render in progress, when a second one starts, then the second fails naming the first and the first completes", async () => {
    const { root, dir, fresh } = await oldTree();
    const running = await childStoppedAt(root, "apply", 1);
    let second: unknown;
    try {
      await writeTrees(tree(root, OLD));
    } catch (error) {
      second = error;
    }
    expect(second).toBeInstanceOf(OutputWriteError);
    expect((second as Error).message).toContain(`pid ${running.pid}`);
    expect((second as Error).message).toContain(join(dir, ".helix-render/lock"));
    running.go();
    const exit = await running.exit;
    expect([exit.code, exit.stdout]).toEqual([0, "done\n"]);
    expect(snapshot(dir)).toEqual(fresh);
    expect(stateDebris(dir)).toEqual([]);
  });
});
