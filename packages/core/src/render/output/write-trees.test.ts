import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { snapshot, stateDebris, tempFolder } from "../../test-support/output-tree.js";
import { markerText } from "./marker.js";
import { OutputWriteError, type TreeWriteResult, writeTrees } from "./write-trees.js";

const owner = { cluster: "test", tree: "rendered" };
const MARKER = markerText(owner);

const FILES = new Map([
  ["kustomization.yaml", "---\nresources:\n  - ./apps\n"],
  ["apps/kustomization.yaml", "---\nresources:\n  - ./app/ks.yaml\n"],
  ["apps/app/ks.yaml", "---\nkind: Kustomization\n"],
  ["apps/app/helmrelease.yaml", "---\nkind: HelmRelease\nreplicas: 2\n"],
  ["apps/other/configmap.yaml", "---\nkind: ConfigMap\n"],
]);

function withFile(path: string, content: string | undefined): Map<string, string> {
  const files = new Map(FILES);
  if (content === undefined) files.delete(path);
  else files.set(path, content);
  return files;
}

async function write(dir: string, files: ReadonlyMap<string, string> = FILES): Promise<TreeWriteResult> {
  const [result] = await writeTrees([{ dir, files, owner }]);
  if (!result) throw new Error("no result");
  return result;
}

/** What the folder must hold after writing `files`: them, their folders and the marker. */
function expected(files: ReadonlyMap<string, string>): Record<string, string> {
  const out: Record<string, string> = { ".helix-rendered": MARKER };
  for (const [path, content] of files) {
    out[path] = content;
    const parts = path.split("/");
    for (let i = 1; i < parts.length; i++) out[`${parts.slice(0, i).join("/")}/`] = "dir";
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

async function failure(promise: Promise<unknown>): Promise<OutputWriteError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof OutputWriteError) return error;
    throw error;
  }
  throw new Error("expected the write to fail");
}

const tick = (): Promise<void> => new Promise((r) => setTimeout(r, 25));

describe("writeTrees: a first write", () => {
  it("given a missing folder, when written, then it holds exactly the files and the marker, and no debris", async () => {
    const dir = join(tempFolder(), "out/rendered");
    const result = await write(dir);
    expect(snapshot(dir)).toEqual(expected(FILES));
    expect(result).toMatchObject({ dir, created: FILES.size + 1, replaced: 0, removed: 0, recovery: "none" });
    expect(stateDebris(dir)).toEqual([]);
  });
});

describe("writeTrees: writing only what changed", () => {
  it("given an unchanged tree, when written again, then no file is written or read and mtimes stay", async () => {
    const dir = tempFolder();
    await write(dir);
    await tick();
    await write(dir); // verifies what was written in the seal's own tick, then re-seals
    const before = statSync(join(dir, "apps/app/ks.yaml")).mtimeMs;
    await tick();
    const again = await write(dir);
    expect(again).toMatchObject({
      created: 0,
      replaced: 0,
      removed: 0,
      unchanged: FILES.size + 1,
      verified: 0,
    });
    expect(statSync(join(dir, "apps/app/ks.yaml")).mtimeMs).toBe(before);
  });

  it("given one changed file, when written, then only it is replaced and the others keep their mtimes", async () => {
    const dir = tempFolder();
    await write(dir);
    const untouched = statSync(join(dir, "apps/app/ks.yaml"));
    await tick();
    const result = await write(
      dir,
      withFile("apps/app/helmrelease.yaml", "---\nkind: HelmRelease\nreplicas: 3\n"),
    );
    expect(result).toMatchObject({ created: 0, replaced: 1, removed: 0 });
    expect(readFileSync(join(dir, "apps/app/helmrelease.yaml"), "utf8")).toContain("replicas: 3");
    const after = statSync(join(dir, "apps/app/ks.yaml"));
    expect([after.mtimeMs, after.ino]).toEqual([untouched.mtimeMs, untouched.ino]);
    expect(stateDebris(dir)).toEqual([]);
  });

  it("given a file no longer rendered, when written, then it and its emptied folder are removed", async () => {
    const dir = tempFolder();
    await write(dir);
    const files = withFile("apps/other/configmap.yaml", undefined);
    const result = await write(dir, files);
    expect(result).toMatchObject({ removed: 1 });
    expect(snapshot(dir)).toEqual(expected(files));
    expect(existsSync(join(dir, "apps/other"))).toBe(false);
  });

  it("given a new file in a new folder, when written, then both are created", async () => {
    const dir = tempFolder();
    await write(dir);
    const files = withFile("apps/new/deep/file.yaml", "---\nnew\n");
    expect(await write(dir, files)).toMatchObject({ created: 1 });
    expect(snapshot(dir)).toEqual(expected(files));
  });
});

describe("writeTrees: hand edits are found and undone", () => {
  it("given a file edited right after the write (same size, same tick), when written, then it is restored", async () => {
    const dir = tempFolder();
    await write(dir);
    const file = join(dir, "apps/app/helmrelease.yaml");
    writeFileSync(file, "---\nkind: HelmRelease\nreplicas: 9\n"); // same length as the rendered one
    const result = await write(dir);
    expect(result.replaced).toBe(1);
    expect(readFileSync(file, "utf8")).toBe(FILES.get("apps/app/helmrelease.yaml"));
  });

  it("given a file edited later with its mtime set back by hand, when written, then the ctime gives it away", async () => {
    const dir = tempFolder();
    await write(dir);
    await tick();
    await write(dir);
    const file = join(dir, "apps/app/ks.yaml");
    const reference = join(tempFolder(), "reference");
    writeFileSync(reference, "");
    spawnSync("touch", ["-r", file, reference]);
    const before = statSync(file, { bigint: true });
    await tick();
    writeFileSync(file, "---\nkind: Kustomizatio!\n"); // same size, in place (same inode)
    spawnSync("touch", ["-r", reference, file]); // the mtime back to the nanosecond
    const after = statSync(file, { bigint: true });
    expect([after.size, after.mtimeNs, after.ino]).toEqual([before.size, before.mtimeNs, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    expect((await write(dir)).replaced).toBe(1);
    expect(readFileSync(file, "utf8")).toBe(FILES.get("apps/app/ks.yaml"));
  });

  it("given a rendered file deleted by hand, when written, then it is recreated", async () => {
    const dir = tempFolder();
    await write(dir);
    rmSync(join(dir, "apps/app/ks.yaml"));
    expect((await write(dir)).created).toBe(1);
    expect(snapshot(dir)).toEqual(expected(FILES));
  });

  it("given files and folders added by hand, when written, then they are removed", async () => {
    const dir = tempFolder();
    await write(dir);
    await tick();
    await write(dir);
    writeFileSync(join(dir, "apps/app/stray.yaml"), "---\n");
    mkdirSync(join(dir, "apps/extra/deeper"), { recursive: true });
    writeFileSync(join(dir, "apps/extra/deeper/x.yaml"), "---\n");
    writeFileSync(join(dir, "notes.txt"), "mine\n");
    await write(dir);
    expect(snapshot(dir)).toEqual(expected(FILES));
  });

  it("given links planted where a folder and a file belong, when written, then the links are replaced and never followed", async () => {
    const dir = tempFolder();
    const outside = tempFolder();
    writeFileSync(join(outside, "precious.txt"), "keep me\n");
    await write(dir);
    rmSync(join(dir, "apps/other"), { recursive: true });
    symlinkSync(outside, join(dir, "apps/other"));
    rmSync(join(dir, "apps/app/ks.yaml"));
    symlinkSync(join(outside, "precious.txt"), join(dir, "apps/app/ks.yaml"));
    await write(dir);
    expect(snapshot(dir)).toEqual(expected(FILES));
    expect(snapshot(outside)).toEqual({ "precious.txt": "keep me\n" });
  });

  it("given the index lost or corrupt, when written, then every file is compared and edits still found", async () => {
    const dir = tempFolder();
    await write(dir);
    writeFileSync(join(dir, "apps/app/ks.yaml"), "edited\n");
    writeFileSync(
      join(dir, ".helix-render/index"),
      "helix-render-index 1 9e99\nf\tapps/app/ks.yaml\tnonsense\n",
    );
    const result = await write(dir);
    expect(result).toMatchObject({ replaced: 1, verified: FILES.size + 1 });
    rmSync(join(dir, ".helix-render"), { recursive: true });
    writeFileSync(join(dir, "apps/kustomization.yaml"), "edited\n");
    expect(await write(dir)).toMatchObject({ replaced: 1, verified: FILES.size + 1 });
    expect(snapshot(dir)).toEqual(expected(FILES));
  });
});

describe("writeTrees: only its own folders", () => {
  it("given a path that leaves the folder, when written, then everything is refused and nothing is written anywhere", async () => {
    const root = tempFolder();
    const dir = join(root, "rendered");
    for (const bad of [
      "apps/../../../../tmp/x/ks.yaml",
      "/etc/evil.yaml",
      "a\\..\\x",
      "a\u0000b",
      ".helix-rendered",
    ]) {
      const error = await failure(writeTrees([{ dir, files: withFile(bad, "x"), owner }]));
      expect(error.problems[0]?.message).toContain(
        `refusing to write ${dir}: file path ${JSON.stringify(bad)}`,
      );
      expect(error.message).toContain("nothing was written");
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it("given a folder it does not own, when written, then it is refused and left byte for byte", async () => {
    const cluster = tempFolder();
    writeFileSync(join(cluster, "cluster.ts"), "export default {};\n");
    mkdirSync(join(cluster, "secrets"));
    writeFileSync(join(cluster, "secrets/token.sops.yaml"), "sops: {}\n");
    const before = snapshot(cluster);
    const error = await failure(write(cluster));
    expect(error.message).toContain(`refusing to write ${cluster}: it is not empty (cluster.ts, secrets)`);
    expect(snapshot(cluster)).toEqual(before);
    expect(existsSync(join(cluster, ".helix-render"))).toBe(false);
  });

  it("given two trees in one folder, or one inside the other, when written, then both are refused", async () => {
    const root = tempFolder();
    const error = await failure(
      writeTrees([
        { dir: join(root, "out"), files: FILES, owner },
        { dir: join(root, "out/bootstrap"), files: FILES, owner: { cluster: "test", tree: "bootstrap" } },
      ]),
    );
    expect(error.message).toContain("one folder would hold the other's files");
    expect(readdirSync(root)).toEqual([]);
  });

  it("given debris of the earlier writer beside the folder, when written, then it is removed and nothing else", async () => {
    const root = tempFolder();
    const dir = join(root, "rendered");
    for (const name of [
      ".rendered.staging-AbC123",
      ".rendered.staging-AbC123.old",
      ".rendered.staging-keep",
      "other",
    ]) {
      mkdirSync(join(root, name));
      writeFileSync(join(root, name, "secret.sops.yaml"), "x");
    }
    await write(dir);
    expect(readdirSync(root).sort()).toEqual([".rendered.staging-keep", "other", "rendered"]);
  });
});
