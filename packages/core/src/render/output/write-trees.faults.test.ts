import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { snapshot, stateDebris, tempFolder } from "../../test-support/output-tree.js";
import type { OutputTree } from "./check-trees.js";
import { recoverFolder } from "./journal.js";
import { OutputWriteError, type WriterStep, writeTrees } from "./write-trees.js";

// Every kind of operation in both folders: replace, create in a new folder, remove a file and
// its emptied folder.
const OLD = {
  rendered: new Map([
    ["kustomization.yaml", "---\nresources:\n  - ./apps\n"],
    ["apps/app/helmrelease.yaml", "---\nreplicas: 2\n"],
    ["apps/app/ks.yaml", "---\nkind: Kustomization\n"],
    ["apps/other/configmap.yaml", "---\nkind: ConfigMap\n"],
  ]),
  bootstrap: new Map([
    ["k3s/server-1.yaml", "cluster-init: true\n"],
    ["ansible/inventory.yaml", "all: {}\n"],
  ]),
};
const NEW = {
  rendered: new Map([
    ["kustomization.yaml", "---\nresources:\n  - ./apps\n"],
    ["apps/app/helmrelease.yaml", "---\nreplicas: 3\n"],
    ["apps/app/ks.yaml", "---\nkind: Kustomization\n"],
    ["apps/new/deep/configmap.yaml", "---\nkind: ConfigMap\nnew: true\n"],
  ]),
  bootstrap: new Map([
    ["k3s/server-1.yaml", "cluster-init: false\n"],
    ["k3s/agent-1.yaml", "server: https://server-1:6443\n"],
    ["ansible/inventory.yaml", "all: {}\n"],
  ]),
};
type Version = typeof OLD;

function trees(root: string, version: Version): OutputTree[] {
  return [
    { dir: join(root, "rendered"), files: version.rendered, owner: { cluster: "test", tree: "rendered" } },
    { dir: join(root, "bootstrap"), files: version.bootstrap, owner: { cluster: "test", tree: "bootstrap" } },
  ];
}

interface Point {
  readonly step: WriterStep;
  readonly tree: string;
  readonly n: number;
}

const label = (p: Point): string => `${p.step} ${p.tree} #${p.n}`;

/** Both folders written with OLD, ready for a write of NEW. */
async function oldTrees(): Promise<{ root: string; old: Record<string, Record<string, string>> }> {
  const root = tempFolder();
  await writeTrees(trees(root, OLD));
  return { root, old: both(root) };
}

function both(root: string): Record<string, Record<string, string>> {
  return { rendered: snapshot(join(root, "rendered")), bootstrap: snapshot(join(root, "bootstrap")) };
}

/** Every point the writer passes while writing NEW over OLD, in order. */
let points: Point[] = [];
let newTrees: Record<string, Record<string, string>> = {};

beforeAll(async () => {
  const { root } = await oldTrees();
  const seen: Point[] = [];
  await writeTrees(trees(root, NEW), {
    hooks: { beforeStep: (step, at) => void seen.push({ step, tree: basename(at.dir), n: at.n }) },
  });
  points = seen;
  newTrees = both(root);
});

/** Whether a folder has committed NEW when the writer is at point `i`. */
function committedAt(i: number, tree: string): boolean {
  return points.slice(0, i).some((p) => p.step === "commit" && p.tree === tree);
}

describe("writeTrees: a failure at each step", () => {
  it("given the step list, when written, then it covers every step and every operation of both folders", () => {
    const steps = new Set(points.map((p) => p.step));
    expect([...steps]).toEqual([
      "lock",
      "recover",
      "scan",
      "stage",
      "journal",
      "apply",
      "commit",
      "clean",
      "index",
    ]);
    // rendered: remove, rmdir, mkdir ×2, create, replace; bootstrap: create, replace.
    expect(points.filter((p) => p.step === "apply").length).toBe(8);
  });

  it("given a disk-full error at any step, when written, then each folder holds its old or its new tree whole, with no debris, and says which", async () => {
    for (const [i, point] of points.entries()) {
      const { root, old } = await oldTrees();
      const full = Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      let error: unknown;
      try {
        await writeTrees(trees(root, NEW), {
          hooks: {
            beforeStep: (step, at) => {
              if (step === point.step && basename(at.dir) === point.tree && at.n === point.n) throw full;
            },
          },
        });
      } catch (e) {
        error = e;
      }
      expect(error, label(point)).toBeInstanceOf(OutputWriteError);
      const message = (error as Error).message;
      for (const tree of ["rendered", "bootstrap"] as const) {
        const dir = join(root, tree);
        const isNew = committedAt(i, tree) || point.step === "clean" || point.step === "index";
        expect(snapshot(dir), `${label(point)}: ${tree}`).toEqual(isNew ? newTrees[tree] : old[tree]);
        expect(message, label(point)).toContain(isNew ? "written completely" : "left as");
        // Only a failure to remove the backups leaves them (git-ignored, in .helix-render/txn).
        const cleaningFailed = point.step === "clean" && point.tree === tree;
        expect(stateDebris(dir).length > 0, `${label(point)}: ${tree}`).toBe(cleaningFailed);
        if (cleaningFailed) expect(message).toContain("the next render removes them");
      }
      const where = join(root, point.tree);
      expect(message, label(point)).toContain(
        point.step === "clean" || point.step === "index"
          ? `${where} was written completely, but`
          : `${where}: cannot write: ENOSPC: no space left on device`,
      );
      // And the next write completes from whatever state this one left, debris removed.
      await writeTrees(trees(root, NEW));
      expect(both(root), label(point)).toEqual(newTrees);
      for (const tree of ["rendered", "bootstrap"]) expect(stateDebris(join(root, tree))).toEqual([]);
    }
  });
});

describe("writeTrees: killed at each step (what SIGKILL leaves, recovered)", () => {
  it("given a copy of both folders taken at each step, when recovered, then each holds its old or its new tree whole", async () => {
    const { root, old } = await oldTrees();
    const copies: { point: Point; i: number; dir: string }[] = [];
    await writeTrees(trees(root, NEW), {
      hooks: {
        beforeStep: (step, at) => {
          const i = copies.length;
          const copy = tempFolder();
          cpSync(root, copy, { recursive: true, verbatimSymlinks: true });
          copies.push({ point: { step, tree: basename(at.dir), n: at.n }, i, dir: copy });
        },
      },
    });
    expect(copies.map((c) => c.point)).toEqual(points);
    for (const { point, i, dir } of copies) {
      for (const tree of ["rendered", "bootstrap"] as const) {
        const folder = join(dir, tree);
        const journal = existsSync(join(folder, ".helix-render/journal"));
        recoverFolder(folder, join(folder, ".helix-render"));
        const expected = committedAt(i, tree) || point.step === "clean" || point.step === "index";
        expect(snapshot(folder), `${label(point)}: ${tree} (journal: ${journal})`).toEqual(
          expected ? newTrees[tree] : old[tree],
        );
        expect(
          stateDebris(folder).filter((n) => n !== "lock"),
          label(point),
        ).toEqual([]);
      }
    }
  });

  it("given a copy taken mid-apply with the lock of a dead process, when written again, then the lock is taken over and the write completes", async () => {
    const { root } = await oldTrees();
    const copy = tempFolder();
    await writeTrees(trees(root, NEW), {
      hooks: {
        beforeStep: (step, at) => {
          if (step === "apply" && basename(at.dir) === "bootstrap" && at.n === 1)
            cpSync(root, copy, { recursive: true });
        },
      },
    });
    for (const tree of ["rendered", "bootstrap"]) {
      const lock = join(copy, tree, ".helix-render/lock");
      const holder = JSON.parse(readFileSync(lock, "utf8")) as Record<string, unknown>;
      writeFileSync(lock, JSON.stringify({ ...holder, pid: 2 ** 22 + 1 })); // above Linux's pid_max
    }
    const results = await writeTrees(trees(copy, NEW));
    expect(results.map((r) => r.recovery)).toEqual(["rolled back", "rolled back"]);
    expect(both(copy)).toEqual(newTrees);
    expect(stateDebris(join(copy, "rendered"))).toEqual([]);
  });
});

describe("writeTrees: a journal that cannot be rolled back", () => {
  it("given a leftover journal whose undo fails, when written, then nothing more is changed and it says why; once fixed, the next write recovers", async () => {
    const root = tempFolder();
    const [rendered] = trees(root, OLD);
    if (!rendered) throw new Error("no tree");
    await writeTrees([rendered]);
    const state = join(rendered.dir, ".helix-render");
    // A killed render had moved apps/app/ks.yaml to backup 0; since then apps/app became a file.
    mkdirSync(join(state, "txn/old"), { recursive: true });
    writeFileSync(join(state, "txn/old/0"), "---\nkind: Kustomization\n");
    rmSync(join(rendered.dir, "apps/app"), { recursive: true });
    writeFileSync(join(rendered.dir, "apps/app"), "in the way\n");
    writeFileSync(
      join(state, "journal"),
      JSON.stringify({ format: 1, operations: [{ kind: "remove", path: "apps/app/ks.yaml", n: 0 }] }),
    );
    const before = snapshot(rendered.dir);

    const error = await writeTrees([rendered]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputWriteError);
    expect((error as Error).message).toContain(`its journal ${join(state, "journal")} cannot be rolled back`);
    expect(snapshot(rendered.dir)).toEqual(before);
    expect(existsSync(join(state, "journal"))).toBe(true);

    rmSync(join(rendered.dir, "apps/app"));
    mkdirSync(join(rendered.dir, "apps/app"));
    const [result] = await writeTrees([rendered]);
    expect(result?.recovery).toBe("rolled back");
    const reference = tempFolder();
    await writeTrees(trees(reference, OLD).slice(0, 1));
    expect(snapshot(rendered.dir)).toEqual(snapshot(join(reference, "rendered")));
    expect(readFileSync(join(rendered.dir, "apps/app/ks.yaml"), "utf8")).toBe("---\nkind: Kustomization\n");
    expect(stateDebris(rendered.dir)).toEqual([]);
  });
});
