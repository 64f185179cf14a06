// `nx release --dry-run` in a clone: tags the current versions, adds a feat commit to network and a
// fix commit to core, and checks the planned versions (network minor, core patch, no release of
// core's dependents, whose caret peer range accepts the patch) and the changelog previews, without
// changing anything.
import { appendFile, readFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunResult } from "./e2e/exec.js";
import {
  cloneWorkspace,
  type PackageManifest,
  packageManifests,
  readManifest,
  type WorkspaceClone,
} from "./e2e/workspace-clone.js";

type Bump = "major" | "minor" | "patch";

function bumped(version: string, bump: Bump): string {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map(Number);
  if (bump === "major") return `${major + 1}.0.0`;
  if (bump === "minor") return `${major}.${minor + 1}.0`;
  return `${major}.${minor}.${patch + 1}`;
}

/** Final planned version per project: Nx logs one "New version … written to manifest" line per step. */
function plannedVersions(output: string): Map<string, string> {
  const planned = new Map<string, string>();
  for (const m of output.matchAll(/^(\S+) \S+\s+New version (\S+) written to manifest/gm)) {
    if (m[1] && m[2]) planned.set(m[1], m[2]);
  }
  return planned;
}

/** The changelog entry Nx previews for a project (the added lines after its "Previewing" header). */
function changelogPreview(output: string, project: string): string {
  const start = output.indexOf(`CHANGELOG.md for ${project}@`);
  if (start < 0) return "";
  const rest = output.slice(start);
  const end = rest.indexOf(" NX ", 1);
  return (end < 0 ? rest : rest.slice(0, end))
    .split("\n")
    .filter((l) => l.startsWith("+"))
    .map((l) => l.slice(1).trim())
    .join("\n");
}

describe("nx release --dry-run plans independent versions from conventional commits", () => {
  let clone: WorkspaceClone;
  let packages: Map<string, PackageManifest>;
  let result: RunResult;
  let planned: Map<string, string>;
  let coreOnly: RunResult;
  let headBefore: string;
  let tagsBefore: string;

  const CORE = "@helix-cluster/core";
  const NETWORK = "@helix-cluster/network";

  beforeAll(async () => {
    const manifests = await packageManifests();
    // The release configuration under test is the working tree's (nx.json, package manifests).
    clone = await cloneWorkspace({ overlay: ["nx.json", ...manifests] });
    packages = new Map();
    for (const path of manifests) {
      const manifest = await readManifest(join(clone.dir, path));
      packages.set(manifest.name, manifest);
      await clone.git(["tag", `${manifest.name}@${manifest.version}`]);
    }
    await appendFile(join(clone.dir, "packages/network/src/index.ts"), "\n// a new network feature\n");
    await clone.commitAll("feat(network): a new network feature");
    await appendFile(join(clone.dir, "packages/core/src/index.ts"), "\n// a core fix\n");
    await clone.commitAll("fix(core): a core fix");
    headBefore = await clone.git(["rev-parse", "HEAD"]);
    tagsBefore = await clone.git(["tag", "--list"]);
    result = await clone.nx(["release", "--dry-run", "--skip-publish"]);
    planned = plannedVersions(result.output);
    coreOnly = await clone.nx(["release", "--dry-run", "--skip-publish", "--projects", CORE]);
  }, 180_000);

  afterAll(async () => {
    await clone?.remove();
  });

  it("runs", () => {
    expect(result.code, result.output).toBe(0);
    expect(result.output).toContain('NOTE: The "dryRun" flag means no changes were made.');
  });

  it("reads each current version from its <package>@<version> tag", () => {
    for (const [name, manifest] of packages) {
      expect(result.output).toContain(
        `${name} 🏷️  Resolved the current version as ${manifest.version} from git tag "${name}@${manifest.version}"`,
      );
    }
  });

  it("plans a minor bump for network (feat) and a patch for core (fix)", () => {
    const network = packages.get(NETWORK);
    const core = packages.get(CORE);
    expect(network && core).toBeTruthy();
    expect(planned.get(NETWORK)).toBe(bumped(network?.version ?? "", "minor"));
    expect(planned.get(CORE)).toBe(bumped(core?.version ?? "", "patch"));
  });

  it("patches the packages a commit affects through core, without rewriting their caret peer range on core", () => {
    const dependents = [...packages.values()].filter((p) => p.peerDependencies?.[CORE] !== undefined);
    expect(dependents.length).toBeGreaterThan(1);
    for (const dependent of dependents) {
      expect(dependent.peerDependencies?.[CORE], dependent.name).toMatch(/^\^/);
      if (dependent.name === NETWORK) continue;
      expect(planned.get(dependent.name), dependent.name).toBe(bumped(dependent.version, "patch"));
    }
    expect(result.output).not.toMatch(/^\+\s+"@helix-cluster\/core": /m);
  });

  it("releases core alone with --projects: no namespace package needs a release for a core patch", () => {
    expect(coreOnly.code, coreOnly.output).toBe(0);
    const versions = plannedVersions(coreOnly.output);
    expect([...versions.keys()]).toEqual([CORE]);
    expect(versions.get(CORE)).toBe(planned.get(CORE));
  });

  it("previews per-package changelog entries from the commits", () => {
    const network = changelogPreview(result.output, NETWORK);
    expect(network).toContain(`## ${planned.get(NETWORK)}`);
    expect(network).toContain("### 🚀 Features");
    expect(network).toContain("**network:** a new network feature");
    const core = changelogPreview(result.output, CORE);
    expect(core).toContain(`## ${planned.get(CORE)}`);
    expect(core).toContain("### 🩹 Fixes");
    expect(core).toContain("**core:** a core fix");
    expect(core).not.toContain("a new network feature");
  });

  it("changes nothing: no commit, no tag, no modified file", async () => {
    expect(await clone.git(["rev-parse", "HEAD"])).toBe(headBefore);
    expect(await clone.git(["tag", "--list"])).toBe(tagsBefore);
    expect(await clone.git(["status", "--porcelain"])).toBe("");
    const core = JSON.parse(await readFile(join(clone.dir, "packages/core/package.json"), "utf8")) as {
      version: string;
    };
    expect(core.version).toBe(packages.get(CORE)?.version);
  });
});
