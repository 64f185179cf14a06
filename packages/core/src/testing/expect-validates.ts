import { join } from "node:path";
import type { RenderReport } from "../render/render-cluster.js";
import { kustomizationFolders, kustomizeBuild } from "./kustomize-build.js";
import { type TestClusterOptions, testCluster } from "./test-cluster.js";

/**
 * The standard check of a package test: composes the packages into a neutral test cluster (see
 * testCluster), renders it with full validation, and builds every rendered folder with the
 * bundled `kubectl kustomize`. Throws the validation's problems, every one, or kubectl's message;
 * returns the render's report (its files) for further assertions. The folder is always removed.
 */
export async function expectValidates(options: TestClusterOptions): Promise<RenderReport> {
  const test = await testCluster(options);
  try {
    const report = await test.render();
    kustomizeBuild(join(test.dir, "rendered"), kustomizationFolders(report.files.keys()));
    return report;
  } finally {
    await test.dispose();
  }
}
