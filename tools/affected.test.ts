// In a git clone of HEAD: `nx show projects --affected -t render` names exactly the clusters a
// change reaches, and a cached render restores its output folder.
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { appendFile, mkdir, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join, sep } from "node:path";
import { compareEntryKeys } from "@helix-cluster/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloneWorkspace, readManifest, type WorkspaceClone } from "./e2e/workspace-clone.js";

/** The throw-away cluster: core and system-upgrade only, so changes to most packages miss it. */
const THROWAWAY = "e2e-throwaway";
const THROWAWAY_PACKAGES = ["@helix-cluster/core", "@helix-cluster/system-upgrade"];

async function writeThrowawayCluster(dir: string): Promise<void> {
  const folder = join(dir, "clusters", THROWAWAY);
  await mkdir(folder, { recursive: true });
  const manifest = {
    name: `@helix-cluster/cluster-${THROWAWAY}`,
    version: "0.0.0",
    private: true,
    type: "module",
    scripts: {
      render:
        "node --max-semi-space-size=16 --conditions=helix-source --import ../../tools/process/run-sources.ts ../../tools/render.ts cluster.ts",
    },
    nx: { name: THROWAWAY, tags: ["type:cluster"] },
    dependencies: Object.fromEntries(THROWAWAY_PACKAGES.map((p) => [p, "*"])),
  };
  await writeFile(join(folder, "package.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(
    join(folder, "settings.ts"),
    `import type { ClusterSettings } from "@helix-cluster/core";

export const settings = {
  domain: "throwaway.example.org",
  distribution: "k3s",
  k3sVersion: "v1.36.3+k3s1",
  acmeEmail: "ops@throwaway.example.org",
  git: { url: "https://git.example.org/throwaway", path: "./clusters/${THROWAWAY}/rendered" },
  sopsAgeRecipients: ["age1ql3z7hjy54pw3hyww5ayyfg7zqgvc7w3j2elw8zmrj2kg5sfn9aqmcac8p"],
} as const satisfies ClusterSettings;
`,
  );
  await writeFile(
    join(folder, "cluster.ts"),
    `import { defineCluster } from "@helix-cluster/core";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import { settings } from "./settings.js";

export default defineCluster({ name: "${THROWAWAY}", settings, namespaces: [systemUpgrade()] });
`,
  );
}

/** A cluster project of the clone, as its files say (the oracle the Nx graph is checked against). */
interface ClusterInfo {
  /** Nx project name. */
  readonly name: string;
  /** Workspace packages its package.json depends on. */
  readonly packages: ReadonlySet<string>;
  /** Folders of other clusters its TypeScript files import ("../<folder>/…"), tests included. */
  readonly importsClusters: ReadonlySet<string>;
  /** Whether its TypeScript files (its tests) import the tools project ("../../tools/…"). */
  readonly importsTools: boolean;
}

/** The workspace packages the TypeScript files under a folder import by name. */
async function packagesImportedBy(dir: string): Promise<Set<string>> {
  const found = new Set<string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = await readFile(join(entry.parentPath, entry.name), "utf8");
    for (const m of text.matchAll(/from\s+"(@helix-cluster\/[^/"]+)/g)) found.add(m[1] ?? "");
  }
  return found;
}

/** Every cluster folder of the clone, by folder name. */
async function readClusters(dir: string): Promise<Map<string, ClusterInfo>> {
  const out = new Map<string, ClusterInfo>();
  for (const entry of await readdir(join(dir, "clusters"), { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const folder = join(dir, "clusters", entry.name);
    const manifest = await readManifest(join(folder, "package.json")).catch(() => undefined);
    if (!manifest) continue;
    const importsClusters = new Set<string>();
    let importsTools = false;
    for (const file of await readdir(folder)) {
      if (!file.endsWith(".ts")) continue;
      const text = await readFile(join(folder, file), "utf8");
      for (const m of text.matchAll(/from\s+"\.\.\/([^./"][^/"]*)\//g)) importsClusters.add(m[1] ?? "");
      if (/from\s+"\.\.\/\.\.\/tools\//.test(text)) importsTools = true;
    }
    out.set(entry.name, {
      name: manifest.nx?.name ?? manifest.name,
      packages: new Set(
        Object.keys(manifest.dependencies ?? {}).filter((d) => d.startsWith("@helix-cluster/")),
      ),
      importsClusters,
      importsTools,
    });
  }
  return out;
}

/** The cluster folders `folder` reaches through cluster imports, itself included. */
function reach(
  clusters: ReadonlyMap<string, ClusterInfo>,
  folder: string,
  seen = new Set<string>(),
): Set<string> {
  if (seen.has(folder) || !clusters.has(folder)) return seen;
  seen.add(folder);
  for (const other of clusters.get(folder)?.importsClusters ?? []) reach(clusters, other, seen);
  return seen;
}

/** Hash of every file under a folder, by relative path; the writer's state (.helix-render/) is not output. */
async function treeDigest(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    const full = join(entry.parentPath, entry.name);
    if (!entry.isFile() || full.split(sep).includes(".helix-render")) continue;
    out.set(
      full.slice(root.length + 1),
      createHash("sha256")
        .update(await readFile(full))
        .digest("hex"),
    );
  }
  return new Map([...out].sort(compareEntryKeys));
}

describe("nx affected and the render cache, in a clone of HEAD", () => {
  let clone: WorkspaceClone;
  let clusters: Map<string, ClusterInfo>;
  let toolsPackages: Set<string>;

  /** Commits a one-line change to `file`, lists the affected render projects, then drops the commit. */
  async function affectedBy(file: string): Promise<string[]> {
    await appendFile(join(clone.dir, file), "\n// touched by tools/affected.test.ts\n");
    await clone.commitAll(`test: touch ${file}`);
    try {
      const result = await clone.nx([
        "show",
        "projects",
        "--affected",
        "-t",
        "render",
        "--base=HEAD~1",
        "--head=HEAD",
      ]);
      expect(result.code, result.output).toBe(0);
      return result.stdout
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .sort();
    } finally {
      await clone.git(["reset", "--quiet", "--hard", "HEAD~1"]);
    }
  }

  /**
   * Clusters that depend on the workspace package, themselves, through a cluster they import, or
   * through the tools their tests import (tools/cluster-checks.ts) when the tools import it.
   */
  function usersOf(pkg: string): string[] {
    return [...clusters.keys()]
      .filter((folder) =>
        [...reach(clusters, folder)].some((f) => {
          const c = clusters.get(f);
          return c?.packages.has(pkg) || (c?.importsTools === true && toolsPackages.has(pkg));
        }),
      )
      .map((folder) => clusters.get(folder)?.name ?? folder)
      .sort();
  }

  /** The cluster and every cluster importing it (directly or not). */
  function dependentsOf(folder: string): string[] {
    return [...clusters.keys()]
      .filter((other) => reach(clusters, other).has(folder))
      .map((other) => clusters.get(other)?.name ?? other)
      .sort();
  }

  beforeAll(async () => {
    clone = await cloneWorkspace();
    await writeThrowawayCluster(clone.dir);
    await clone.commitAll(`test: throw-away cluster ${THROWAWAY}`);
    clusters = await readClusters(clone.dir);
    toolsPackages = await packagesImportedBy(join(clone.dir, "tools"));
  }, 120_000);

  afterAll(async () => {
    await clone?.remove();
  });

  it("knows every cluster of the clone, the throw-away one included", () => {
    expect(clusters.get(THROWAWAY)?.packages).toEqual(new Set(THROWAWAY_PACKAGES));
    expect(clusters.has("helix-onprem")).toBe(true);
  });

  it("a change in cert-manager affects exactly the clusters using it, not the throw-away cluster", async () => {
    const expected = usersOf("@helix-cluster/cert-manager");
    expect(expected.length).toBeGreaterThan(0);
    expect(expected).not.toContain(THROWAWAY);
    expect(await affectedBy("packages/cert-manager/src/index.ts")).toEqual(expected);
  }, 120_000);

  it("a change in system-upgrade affects exactly the clusters using it, the throw-away one among them", async () => {
    const expected = usersOf("@helix-cluster/system-upgrade");
    expect(expected).toContain(THROWAWAY);
    expect(await affectedBy("packages/system-upgrade/src/index.ts")).toEqual(expected);
  }, 120_000);

  it("a change in core affects every cluster", async () => {
    const all = [...clusters.values()].map((c) => c.name).sort();
    expect(await affectedBy("packages/core/src/index.ts")).toEqual(all);
  }, 120_000);

  it("a change in one cluster affects only that cluster", async () => {
    expect(dependentsOf(THROWAWAY)).toEqual([THROWAWAY]);
    expect(await affectedBy(`clusters/${THROWAWAY}/settings.ts`)).toEqual([THROWAWAY]);
  }, 120_000);

  it("a change in helix-onprem affects it and the clusters importing its files, not the throw-away cluster", async () => {
    const expected = dependentsOf("helix-onprem");
    expect(expected).not.toContain(THROWAWAY);
    expect(await affectedBy("clusters/helix-onprem/settings.ts")).toEqual(expected);
  }, 120_000);

  it("a cached render restores the rendered folder", async () => {
    const rendered = join(clone.dir, "clusters/helix-onprem/rendered");
    const first = await clone.nx(["run", "helix-onprem:render", "--output-style=static"]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toMatch(/from the cache|\[local cache\]/);
    const digest = await treeDigest(rendered);
    expect(digest.size).toBeGreaterThan(10);

    await rm(rendered, { recursive: true });
    const second = await clone.nx(["run", "helix-onprem:render", "--output-style=static"]);
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(/\[local cache\]|read the output from the cache/);
    expect((await stat(rendered)).isDirectory()).toBe(true);
    expect(await treeDigest(rendered)).toEqual(digest);
    // The writer's index is no output of the target: a restore never brings back stamps of other files.
    expect(existsSync(join(rendered, ".helix-render"))).toBe(false);

    // The restored folder carries its marker, so the next render accepts it as its own.
    expect(digest.has(".helix-rendered")).toBe(true);
    const third = await clone.nx(["run", "helix-onprem:render", "--skip-nx-cache", "--output-style=static"]);
    expect(third.code, third.output).toBe(0);
    expect(await treeDigest(rendered)).toEqual(digest);
  }, 360_000);
});
