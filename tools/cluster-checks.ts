// Checks every cluster's test runs: validated render, byte-identical output (also across processes
// with other locales and time zones), committed output current (with its writer's marker), every
// folder built by kubectl kustomize.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { type ClusterDefinition, renderCluster } from "@helix-cluster/core";
import { MARKER_FILE, markerText, readTree } from "@helix-cluster/core/internal";
import { kustomizationFolders, kustomizeBuild } from "@helix-cluster/core/testing";
import { expect, it } from "vitest";

const run = promisify(execFile);
const workspaceRoot = resolve(import.meta.dirname, "..");

/**
 * Locales whose collation orders ASCII differently from code points (Czech "ch" after "h",
 * Lithuanian "y" beside "i", Hawaiian vowels first, Turkish dotted/dotless i), and a time zone
 * 14 hours ahead of UTC: output that depends on either differs between these processes.
 */
export const RENDER_ENVIRONMENTS: readonly Readonly<Record<string, string>>[] = [
  { LANG: "C", LC_ALL: "C", TZ: "Etc/UTC" },
  { LANG: "cs_CZ.UTF-8", LC_ALL: "cs_CZ.UTF-8", TZ: "Europe/Prague" },
  { LANG: "lt_LT.UTF-8", LC_ALL: "lt_LT.UTF-8", TZ: "Europe/Vilnius" },
  { LANG: "haw_US.UTF-8", LC_ALL: "haw_US.UTF-8", TZ: "Pacific/Honolulu" },
  { LANG: "tr_TR.UTF-8", LC_ALL: "tr_TR.UTF-8", TZ: "Pacific/Kiritimati" },
];

/** Renders a cluster entry with the CLI from source in a child process; its rendered and bootstrap trees. */
async function renderInChild(
  entry: string,
  env: Readonly<Record<string, string>>,
): Promise<{ rendered: Map<string, string>; bootstrap: Map<string, string> }> {
  const dir = await mkdtemp(join(tmpdir(), "helix-locale-"));
  try {
    await run(
      process.execPath,
      [
        "--conditions=helix-source",
        "--import",
        "tsx",
        join(workspaceRoot, "tools/helix-cluster.ts"),
        "render",
        entry,
        "--out",
        join(dir, "rendered"),
      ],
      { cwd: workspaceRoot, env: { ...process.env, ...env }, maxBuffer: 16 * 1024 * 1024 },
    );
    return {
      rendered: await readTree(join(dir, "rendered")),
      bootstrap: await readTree(join(dir, "bootstrap")),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Registers the checks every cluster must pass, as vitest tests of the calling file. */
export function clusterChecks(cluster: ClusterDefinition, clusterDir: string): void {
  it("renders and validates, byte-identical on every run", async () => {
    const first = await renderCluster(cluster, { clusterDir, write: false });
    const second = await renderCluster(cluster, { clusterDir, write: false });
    expect(first.objects).toBeGreaterThan(10);
    expect([...second.files]).toEqual([...first.files]);
    expect([...second.bootstrapFiles]).toEqual([...first.bootstrapFiles]);
  });

  it(`renders byte-identical trees in separate processes under ${RENDER_ENVIRONMENTS.length} locales and time zones`, async () => {
    const here = await renderCluster(cluster, { clusterDir, write: false });
    const entry = join(clusterDir, "cluster.ts");
    // Two at a time: the machine has two cores.
    const trees: Awaited<ReturnType<typeof renderInChild>>[] = [];
    for (let i = 0; i < RENDER_ENVIRONMENTS.length; i += 2)
      trees.push(
        ...(await Promise.all(RENDER_ENVIRONMENTS.slice(i, i + 2).map((env) => renderInChild(entry, env)))),
      );
    for (const [i, tree] of trees.entries()) {
      const label = `LANG=${RENDER_ENVIRONMENTS[i]?.LANG} TZ=${RENDER_ENVIRONMENTS[i]?.TZ}`;
      expect(tree.rendered.size, label).toBe(here.files.size);
      for (const [path, content] of here.files)
        expect(tree.rendered.get(path), `${label}: rendered/${path}`).toBe(content);
      expect(tree.bootstrap.size, label).toBe(here.bootstrapFiles.size);
      for (const [path, content] of here.bootstrapFiles)
        expect(tree.bootstrap.get(path), `${label}: bootstrap/${path}`).toBe(content);
    }
  }, 300_000);

  it("has committed rendered and bootstrap output equal to a fresh render (run `npm run render` if this fails)", async () => {
    const fresh = await renderCluster(cluster, { clusterDir, write: false });
    for (const [dir, files] of [
      ["rendered", fresh.files],
      ["bootstrap", fresh.bootstrapFiles],
    ] as const) {
      const committed = await readTree(join(clusterDir, dir));
      expect([...committed.keys()].sort(), dir).toEqual([...files.keys()].sort());
      for (const [path, content] of files) expect(committed.get(path), `${dir}/${path}`).toBe(content);
      // The marker that lets the next render write the folder is committed with it.
      const marker = await readFile(join(clusterDir, dir, MARKER_FILE), "utf8").catch(() => "(missing)");
      expect(marker, `${dir}/${MARKER_FILE}`).toBe(markerText({ cluster: cluster.name, tree: dir }));
    }
  });

  it("builds every rendered folder with kubectl kustomize", async () => {
    const outDir = await mkdtemp(join(tmpdir(), `${cluster.name}-`));
    const report = await renderCluster(cluster, { clusterDir, outDir: join(outDir, "rendered") });
    const folders = kustomizationFolders(report.files.keys());
    expect(folders.length).toBeGreaterThan(3);
    for (const [folder, built] of kustomizeBuild(join(outDir, "rendered"), folders))
      expect(built.length, folder).toBeGreaterThan(0);
  });
}
