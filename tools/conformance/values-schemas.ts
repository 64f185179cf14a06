/** Chart values schemas from upstream, keyed by the file name's "<chart>-<version>" suffix. */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { Schema } from "./crd-schemas.js";

export interface ValuesSchema {
  readonly file: string;
  readonly chart: string;
  readonly version: string;
  readonly schema: Schema;
}

const FILE = /^(.+)-(v?\d+\.\d+\.\d+)\.values\.schema\.json$/;
const isObj = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * We check the values a HelmRelease overrides, before Helm merges the chart defaults, so `required`
 * is dropped; `$ref`s that point outside the file cannot be fetched here and accept anything.
 */
export function forOverrides(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forOverrides);
  if (!isObj(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "required" && Array.isArray(value)) continue;
    if (key === "$ref" && typeof value === "string" && /^https?:/.test(value)) continue;
    out[key] = forOverrides(value);
  }
  return out;
}

/** Every `values-schemas/*.values.schema.json` under the schema folder. */
export async function loadValuesSchemas(dir: string): Promise<ValuesSchema[]> {
  const root = join(dir, "values-schemas");
  const names = (await readdir(root).catch(() => [] as string[])).sort();
  const out: ValuesSchema[] = [];
  for (const name of names) {
    const m = FILE.exec(name);
    if (!m?.[1] || !m[2]) continue;
    const schema = forOverrides(JSON.parse(await readFile(join(root, name), "utf8"))) as Schema;
    out.push({ file: `values-schemas/${name}`, chart: m[1], version: m[2], schema });
  }
  return out;
}

/** The schema for a chart and version: file "<chart>-<version>" or "<vendor>-<chart>-<version>". */
export function findValuesSchema(
  all: readonly ValuesSchema[],
  chart: string,
  version: string,
): ValuesSchema | undefined {
  return all.find((s) => s.version === version && (s.chart === chart || s.chart.endsWith(`-${chart}`)));
}
