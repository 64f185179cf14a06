import { isJsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import { emitYaml } from "./yaml-emitter.js";

const TOP_LEVEL_ORDER = ["apiVersion", "kind", "metadata", "spec", "type", "data", "stringData"];
const METADATA_ORDER = ["name", "namespace", "labels", "annotations"];
/** Maps whose keys carry no order of their own: sorted so output does not depend on code order. */
const SORTED_MAPS = new Set(["labels", "annotations", "data", "stringData"]);

function ordered(obj: Record<string, JsonValue>, first: readonly string[]): Record<string, JsonValue> {
  const out: Record<string, JsonValue> = {};
  for (const key of first) if (key in obj && obj[key] !== undefined) out[key] = obj[key] as JsonValue;
  for (const [key, value] of Object.entries(obj)) if (!(key in out) && value !== undefined) out[key] = value;
  return out;
}

function sortedKeys(obj: Record<string, JsonValue>): Record<string, JsonValue> {
  return Object.fromEntries(Object.entries(obj).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The canonical key order of a Kubernetes object: apiVersion, kind, metadata (name, namespace,
 * labels, annotations, then the rest), spec, then the rest; label/annotation/data maps sorted;
 * everything else keeps the order the code built it in, which is deterministic.
 */
export function canonicalObject(obj: Record<string, JsonValue>): Record<string, JsonValue> {
  const top = ordered(obj, TOP_LEVEL_ORDER);
  if (isJsonObject(top.metadata)) {
    const meta = ordered(top.metadata, METADATA_ORDER);
    for (const key of SORTED_MAPS) if (isJsonObject(meta[key])) meta[key] = sortedKeys(meta[key]);
    top.metadata = meta;
  }
  for (const key of ["data", "stringData"]) if (isJsonObject(top[key])) top[key] = sortedKeys(top[key]);
  return top;
}

/**
 * One YAML document, starting with `---`: block style, strings quoted wherever YAML 1.1 (which
 * Kubernetes reads "yes"/"on" with) or 1.2 would read them as something else, multi-line text as
 * literal blocks, no line folding; the same object always gives the same bytes.
 */
export function toYamlDocument(value: unknown): string {
  return `---\n${emitYaml(value)}`;
}
