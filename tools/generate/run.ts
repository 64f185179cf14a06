import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { defaultUpstreamDir } from "../upstream-data.js";
import { generateCrdModels, modelsIndex } from "./crds.js";
import { compareStrings } from "./header.js";
import { registryModule } from "./registry.js";
import { readSources } from "./sources.js";
import { generateChartValues } from "./values.js";

export const WORKSPACE_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const DEFAULT_UPSTREAM = defaultUpstreamDir(WORKSPACE_ROOT);
export const DEFAULT_OUT = join(WORKSPACE_ROOT, "packages/core/src/generated");

/** Sub-folders of the output folder that the generator owns (deleted and rewritten on every run). */
export const OWNED_FOLDERS = ["models", "values"] as const;

export interface GenerateOptions {
  readonly upstream: string;
  readonly out: string;
}

export interface GenerateReport {
  readonly files: number;
  readonly bytes: number;
  readonly skipped: readonly string[];
}

export async function runGenerate({ upstream, out }: GenerateOptions): Promise<GenerateReport> {
  const sources = await readSources(upstream);
  const crdOutput = await generateCrdModels(upstream, sources);
  const valuesOutput = await generateChartValues(upstream, sources);

  // Everything is built in memory first, so a failure leaves the previous output untouched.
  const tree = new Map<string, string>();
  for (const [path, content] of crdOutput.files) tree.set(`models/${path}`, content);
  tree.set("models/index.ts", modelsIndex(crdOutput));
  for (const [path, content] of valuesOutput.files) tree.set(`values/${path}`, content);
  tree.set("registry.ts", registryModule(crdOutput, valuesOutput));

  for (const folder of OWNED_FOLDERS) await rm(join(out, folder), { recursive: true, force: true });
  await rm(join(out, "registry.ts"), { force: true });
  let bytes = 0;
  for (const path of [...tree.keys()].sort(compareStrings)) {
    const content = tree.get(path) as string;
    const target = join(out, path);
    await mkdir(dirname(target), { recursive: true });
    await writeFile(target, content);
    bytes += Buffer.byteLength(content);
  }
  return { files: tree.size, bytes, skipped: [...crdOutput.skipped, ...valuesOutput.skipped] };
}
