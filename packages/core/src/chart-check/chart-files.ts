import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { parse } from "yaml";
import { isJsonObject, type JsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";

const run = promisify(execFile);

/** The packaged chart file of a chart version: `<dir>/<chart>-<version>.tgz`, as `helm package` names it. */
export function chartFileName(chart: string, version: string): string {
  return `${chart}-${version}.tgz`;
}

/** The chart file's path, or undefined when the folder has no file for exactly this version. */
export function findChartFile(dir: string, chart: string, version: string): string | undefined {
  const path = join(dir, chartFileName(chart, version));
  return existsSync(path) ? path : undefined;
}

/** sha256 of a chart file (part of every cache key). */
export async function chartDigest(path: string): Promise<string> {
  return createHash("sha256")
    .update(await readFile(path))
    .digest("hex");
}

/** The chart's own values.yaml (`helm show values`), or undefined if Helm cannot read it. */
export async function chartDefaults(helm: string, chartFile: string): Promise<JsonObject | undefined> {
  try {
    const { stdout } = await run(helm, ["show", "values", chartFile], { maxBuffer: 64 * 1024 * 1024 });
    const parsed = parse(stdout, { maxAliasCount: -1 }) as JsonValue;
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return undefined;
  }
}
