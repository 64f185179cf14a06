import { isJsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";

type JsonObject = { [key: string]: JsonValue };

/** A list Kubernetes merges by `name`: every item (of both sides) an object with a string name. */
const isNamedList = (list: readonly JsonValue[]): boolean =>
  list.length > 0 && list.every((item) => isJsonObject(item) && typeof item.name === "string");

function mergeNamedLists(base: readonly JsonValue[], patch: readonly JsonValue[]): JsonValue[] {
  const out = base.map((item) => item);
  for (const item of patch) {
    const p = item as JsonObject;
    const at = out.findIndex((b) => (b as JsonObject).name === p.name);
    if (p.$patch === "delete") {
      if (at >= 0) out.splice(at, 1);
      continue;
    }
    if (at >= 0) out[at] = strategicMerge(out[at], p);
    else out.push(strategicMerge(undefined, p));
  }
  return out;
}

/**
 * Kubernetes' strategic merge as far as it needs no schema: maps merge key by key, `null` removes a
 * key, lists of named objects merge by name (`$patch: "delete"` removes an item), anything else in
 * the patch replaces the original. Returns a new value; the inputs are not changed.
 */
export function strategicMerge(base: JsonValue | undefined, patch: JsonValue): JsonValue {
  if (isJsonObject(patch)) {
    const out: JsonObject = isJsonObject(base) ? { ...base } : {};
    for (const [key, value] of Object.entries(patch)) {
      if (key === "$patch") continue;
      if (value === null) delete out[key];
      else out[key] = strategicMerge(out[key], value);
    }
    return out;
  }
  if (
    Array.isArray(patch) &&
    Array.isArray(base) &&
    isNamedList(patch) &&
    (base.length === 0 || isNamedList(base))
  )
    return mergeNamedLists(base, patch);
  return structuredClone(patch);
}
