import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultUpstreamDir } from "../upstream-data.js";
import { generateCrdModels, modelsIndex } from "./crds.js";
import { asciiOnly, compareStrings } from "./header.js";
import { registryModule } from "./registry.js";
import { readSources } from "./sources.js";
import { generateChartValues, valuesFolder } from "./values.js";

export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_UPSTREAM = defaultUpstreamDir(WORKSPACE_ROOT);

/** Core's generated folder, relative to the workspace. */
export const CORE_GENERATED = "packages/core/src/generated";

export interface GenerateOptions {
  readonly upstream: string;
  /** The workspace to write into (its packages/ folders). */
  readonly root: string;
}

export interface GenerateReport {
  readonly files: number;
  readonly bytes: number;
  readonly skipped: readonly string[];
}

/**
 * The paths the generator owns, relative to the workspace (deleted and rewritten on every run):
 * core's models/ and registry.ts, and every package's src/generated/values/ (core's included, where
 * values lived before they moved to the packages that pin the charts).
 */
export async function ownedPaths(root: string): Promise<string[]> {
  const packages = await readdir(join(root, "packages"), { withFileTypes: true }).catch(() => []);
  return [
    `${CORE_GENERATED}/models`,
    `${CORE_GENERATED}/registry.ts`,
    ...packages
      .filter((e) => e.isDirectory())
      .map((e) => valuesFolder(e.name))
      .sort(compareStrings),
  ];
}

export async function runGenerate({ upstream, root }: GenerateOptions): Promise<GenerateReport> {
  const sources = await readSources(upstream);
  const crdOutput = await generateCrdModels(upstream, sources);
  const valuesOutput = await generateChartValues(upstream, sources);

  // Everything is built in memory first, so a failure leaves the previous output untouched.
  const tree = new Map<string, string>();
  for (const [path, content] of crdOutput.files) tree.set(`${CORE_GENERATED}/models/${path}`, content);
  tree.set(`${CORE_GENERATED}/models/index.ts`, modelsIndex(crdOutput));
  tree.set(`${CORE_GENERATED}/registry.ts`, registryModule(crdOutput));
  for (const [path, content] of valuesOutput.files) tree.set(path, content);

  for (const path of await ownedPaths(root)) await rm(join(root, path), { recursive: true, force: true });
  let bytes = 0;
  for (const path of [...tree.keys()].sort(compareStrings)) {
    const content = asciiOnly(tree.get(path) as string);
    const target = join(root, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    bytes += Buffer.byteLength(content);
  }
  return { files: tree.size, bytes, skipped: [...crdOutput.skipped, ...valuesOutput.skipped] };
}
