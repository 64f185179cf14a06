// Checks every cluster's test runs: validated render, byte-identical output, committed output
// current (with its writer's marker), every folder built by kubectl kustomize.
import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ClusterDefinition,
  kustomizationFolders,
  kustomizeBuild,
  MARKER_FILE,
  markerText,
  readTree,
  renderCluster,
} from "@helix-cluster/core";
import { expect, it } from "vitest";

/** Registers the checks every cluster must pass, as vitest tests of the calling file. */
export function clusterChecks(cluster: ClusterDefinition, clusterDir: string): void {
  it("renders and validates, byte-identical on every run", async () => {
    const first = await renderCluster(cluster, { clusterDir, write: false });
    const second = await renderCluster(cluster, { clusterDir, write: false });
    expect(first.objects).toBeGreaterThan(10);
    expect([...second.files]).toEqual([...first.files]);
    expect([...second.bootstrapFiles]).toEqual([...first.bootstrapFiles]);
  });

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
