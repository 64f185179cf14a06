import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { tempFolder } from "../../test-support/output-tree.js";
import { markerText } from "./marker.js";
import { claimFolder } from "./ownership.js";

const owner = { cluster: "helix-onprem", tree: "rendered" };

function refusal(path: string): string {
  const claim = claimFolder(path, owner);
  if (claim.ok) throw new Error(`expected ${path} to be refused, got ${claim.state}`);
  return claim.reason;
}

describe("claimFolder", () => {
  it("given a missing folder, when claimed, then it may be created", () => {
    const root = tempFolder();
    expect(claimFolder(join(root, "a/b/rendered"), owner)).toEqual({
      ok: true,
      dir: join(root, "a/b/rendered"),
      state: "missing",
    });
  });

  it("given an empty folder, or one holding only the writer's state, when claimed, then it is fresh", () => {
    const root = tempFolder();
    expect(claimFolder(root, owner)).toEqual({ ok: true, dir: root, state: "fresh" });
    mkdirSync(join(root, ".helix-render"));
    expect(claimFolder(root, owner)).toMatchObject({ ok: true, state: "fresh" });
  });

  it("given a folder marked for the same cluster and tree, when claimed, then it is owned", () => {
    const root = tempFolder();
    writeFileSync(join(root, ".helix-rendered"), markerText(owner));
    writeFileSync(join(root, "kustomization.yaml"), "---\n");
    expect(claimFolder(root, owner)).toEqual({ ok: true, dir: root, state: "owned" });
  });

  it("given the cluster's own folder (--out clusters/<name>), when claimed, then it is refused naming what is there", () => {
    const cluster = tempFolder();
    for (const f of ["cluster.ts", "settings.ts"]) writeFileSync(join(cluster, f), "export {};\n");
    mkdirSync(join(cluster, "secrets"));
    const reason = refusal(cluster);
    expect(reason).toContain("it is not empty (cluster.ts, secrets, settings.ts)");
    expect(reason).toContain("has no .helix-rendered marker");
    expect(reason).toContain("choose an empty or new folder (--out)");
  });

  it("given a repository root or /, when claimed, then they are refused", () => {
    const repo = tempFolder();
    mkdirSync(join(repo, ".git"));
    writeFileSync(join(repo, "README.md"), "# x\n");
    expect(refusal(repo)).toContain("(.git, README.md)");
    expect(refusal("/")).toContain("has no .helix-rendered marker");
  });

  it("given another cluster's or another tree's marker, when claimed, then it is refused naming the owner", () => {
    const other = tempFolder();
    writeFileSync(join(other, ".helix-rendered"), markerText({ cluster: "helix-aws-dr", tree: "rendered" }));
    expect(refusal(other)).toContain('holds the output of cluster "helix-aws-dr"');
    const bootstrap = tempFolder();
    writeFileSync(
      join(bootstrap, ".helix-rendered"),
      markerText({ cluster: "helix-onprem", tree: "bootstrap" }),
    );
    writeFileSync(join(bootstrap, "k3s.yaml"), "x\n");
    expect(refusal(bootstrap)).toContain('holds the bootstrap tree of cluster "helix-onprem"');
  });

  it("given a marker that is not the tool's, beside other files, when claimed, then it is refused", () => {
    const root = tempFolder();
    writeFileSync(join(root, ".helix-rendered"), "hello\n");
    writeFileSync(join(root, "notes.txt"), "mine\n");
    expect(refusal(root)).toContain("has no .helix-rendered marker");
  });

  it("given a file, a dangling link, or a path under a file, when claimed, then it is refused", () => {
    const root = tempFolder();
    writeFileSync(join(root, "file"), "x");
    expect(refusal(join(root, "file"))).toContain("it is a file, not a folder");
    symlinkSync(join(root, "nowhere"), join(root, "dangling"));
    expect(refusal(join(root, "dangling"))).toContain("symbolic link to a missing path");
    expect(refusal(join(root, "file/sub/rendered"))).toContain(`${join(root, "file")} is a file`);
  });

  it("given a link to a folder, when claimed, then the link's target is judged and written", () => {
    const root = tempFolder();
    mkdirSync(join(root, "real"));
    writeFileSync(join(root, "real/.helix-rendered"), markerText(owner));
    symlinkSync(join(root, "real"), join(root, "link"));
    expect(claimFolder(join(root, "link"), owner)).toEqual({
      ok: true,
      dir: join(root, "real"),
      state: "owned",
    });
    mkdirSync(join(root, "src"));
    writeFileSync(join(root, "src/main.ts"), "x");
    symlinkSync(join(root, "src"), join(root, "to-src"));
    expect(refusal(join(root, "to-src"))).toContain(`it (a link to ${join(root, "src")}) is not empty`);
  });
});
