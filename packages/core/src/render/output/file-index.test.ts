import { lstatSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolder } from "../../test-support/output-tree.js";
import { contentDigest, isTrusted, loadIndex, saveIndex, stampOf, type TreeIndex } from "./file-index.js";
import { planChanges } from "./plan-changes.js";

const stamp = { size: 10, mtimeMs: 1000.5, ctimeMs: 1000.5, ino: 7 };

describe("isTrusted", () => {
  it("given an entry untouched since before the seal, when checked, then it is trusted", () => {
    expect(isTrusted(stamp, { ...stamp }, 2000)).toBe(true);
  });

  it("given any stamp field changed, when checked, then it is not trusted", () => {
    for (const change of [{ size: 11 }, { mtimeMs: 1000.6 }, { ctimeMs: 1000.7 }, { ino: 8 }])
      expect(isTrusted(stamp, { ...stamp, ...change }, 2000), JSON.stringify(change)).toBe(false);
  });

  it("given an entry stamped in the seal's own tick or later (racy), when checked, then it is not trusted", () => {
    expect(isTrusted(stamp, { ...stamp }, 1000.5)).toBe(false);
    expect(isTrusted({ ...stamp, ctimeMs: 3000 }, { ...stamp, ctimeMs: 3000 }, 2000)).toBe(false);
  });
});

describe("loadIndex / saveIndex", () => {
  it("given a saved index, when loaded, then every entry comes back exactly, sealed after its files", () => {
    const state = tempFolder();
    const files = new Map([["apps/a b/ks.yaml", { ...stamp, mtimeMs: 1796426862217.1116, digest: "abc" }]]);
    const dirs = new Map([
      ["", stamp],
      ["apps", { ...stamp, ino: 9 }],
    ]);
    saveIndex(state, files, dirs);
    const index = loadIndex(state);
    expect(index?.files).toEqual(files);
    expect(index?.dirs).toEqual(dirs);
    expect(index?.sealedMs).toBeGreaterThanOrEqual(lstatSync(join(state, "index")).mtimeMs - 1000);
  });

  it("given a missing, truncated, foreign or tampered index, when loaded, then there is none (compare everything)", () => {
    const state = tempFolder();
    expect(loadIndex(state)).toBeUndefined();
    saveIndex(state, new Map([["a.yaml", { ...stamp, digest: "d" }]]), new Map([["", stamp]]));
    const whole = readFileSync(join(state, "index"), "utf8");
    for (const bad of [
      whole.slice(0, -3),
      "some other file\n",
      whole.replace("a.yaml", "../../etc/passwd"),
      whole.replace('["a.yaml",10', '["a.yaml","ten"'),
      whole.replace("helix-render-index/1", "helix-render-index/2"),
      whole.replace(',"d"]', ',"d","extra"]'),
    ]) {
      writeFileSync(join(state, "index"), bad);
      expect(loadIndex(state), bad).toBeUndefined();
    }
  });
});

describe("planChanges with an index", () => {
  function setup(): { root: string; file: string; index: (sealedMs: number) => TreeIndex } {
    const root = tempFolder();
    mkdirSync(join(root, "apps"));
    const file = join(root, "apps/ks.yaml");
    writeFileSync(file, "rendered\n");
    // The index claims the rendered bytes, with the stamps the folder has now.
    const index = (sealedMs: number): TreeIndex => ({
      sealedMs,
      files: new Map([
        ["apps/ks.yaml", { ...stampOf(lstatSync(file)), digest: contentDigest("rendered\n") }],
      ]),
      dirs: new Map([
        ["", stampOf(lstatSync(root))],
        ["apps", stampOf(lstatSync(join(root, "apps")))],
      ]),
    });
    return { root, file, index };
  }

  it("given trusted stamps, when planned, then no file is read: the indexed digest stands for it", () => {
    const { root, file, index } = setup();
    // Edited behind the index's back, and the index forged to the new stamps, sealed after them:
    // only a planner that reads no trusted file keeps believing the digest.
    writeFileSync(file, "EDITED!!\n");
    const stamps = stampOf(lstatSync(file));
    const forged = index(Math.max(stamps.mtimeMs, stamps.ctimeMs, stampOf(lstatSync(root)).ctimeMs) + 1);
    const plan = planChanges(root, new Map([["apps/ks.yaml", "rendered\n"]]), forged);
    expect(plan.verified).toBe(0);
    expect(plan.operations).toEqual([]);
  });

  it("given stamps equal to the index but in the seal's tick, when planned, then the file is read and its edit found", () => {
    const { root, file, index } = setup();
    writeFileSync(file, "EDITED!!\n");
    const stamps = stampOf(lstatSync(file));
    const racy = { ...index(Math.max(stamps.mtimeMs, stamps.ctimeMs)) };
    const plan = planChanges(root, new Map([["apps/ks.yaml", "rendered\n"]]), racy);
    expect(plan.verified).toBe(1);
    expect(plan.operations).toEqual([{ kind: "replace", path: "apps/ks.yaml", n: 0 }]);
  });

  it("given a folder whose stamp is trusted, when planned, then it is not listed: the index names its entries", () => {
    const { root, file, index } = setup();
    const trusted = index(lstatSync(file).ctimeMs + 1);
    // A stale file the index knows of (as if rendered last time) is removed without listing the folder.
    writeFileSync(join(root, "apps/old.yaml"), "old\n");
    const withOld: TreeIndex = {
      ...trusted,
      dirs: new Map([...trusted.dirs, ["apps", stampOf(lstatSync(join(root, "apps")))]]),
      files: new Map([
        ...trusted.files,
        ["apps/old.yaml", { ...stampOf(lstatSync(join(root, "apps/old.yaml"))), digest: "x" }],
      ]),
    };
    const sealed = { ...withOld, sealedMs: lstatSync(join(root, "apps")).ctimeMs + 1 };
    const plan = planChanges(root, new Map([["apps/ks.yaml", "rendered\n"]]), sealed);
    expect(plan.operations).toEqual([{ kind: "remove", path: "apps/old.yaml", n: 0 }]);
  });
});
