import { execFileSync } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { bundledTools } from "../chart-check/bundled-tools.js";

/** A minimal chart of our own: Chart.yaml fields and files (values.yaml, templates/…, crds/…). */
export interface TestChart {
  readonly name: string;
  readonly version: string;
  readonly files: Readonly<Record<string, string>>;
}

/**
 * Packages each chart with the bundled Helm into a fresh folder, named `<chart>-<version>.tgz` as
 * the chart check expects. Returns the folder; remove it with {@link removeCharts}.
 */
export async function packageCharts(charts: readonly TestChart[]): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), "helix-charts-"));
  const out = join(root, "charts");
  await mkdir(out);
  for (const chart of charts) {
    const dir = join(root, "src", chart.name, chart.version, chart.name);
    const files = {
      "Chart.yaml": `apiVersion: v2\nname: ${chart.name}\nversion: ${chart.version}\n`,
      ...chart.files,
    };
    for (const [path, text] of Object.entries(files)) {
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), text);
    }
    execFileSync(bundledTools().helm, ["package", dir, "--destination", out], { stdio: "ignore" });
  }
  return out;
}

/** Removes a folder made by {@link packageCharts}. */
export async function removeCharts(chartsDir: string): Promise<void> {
  await rm(dirname(chartsDir), { recursive: true, force: true });
}
