import { isJsonObject, type JsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";

/** A path of object keys inside Helm values. */
export type ValuesPath = readonly string[];

/**
 * The leaves of a values tree: scalars, arrays (atomic: an element is not a setting of its own) and
 * empty objects, each with its path, in key order.
 */
export function valueLeaves(values: JsonObject): { path: ValuesPath; value: JsonValue }[] {
  const out: { path: ValuesPath; value: JsonValue }[] = [];
  const walk = (v: JsonValue, path: string[]): void => {
    if (isJsonObject(v) && Object.keys(v).length > 0) {
      for (const [k, child] of Object.entries(v)) walk(child, [...path, k]);
    } else out.push({ path, value: v });
  };
  for (const [k, child] of Object.entries(values)) walk(child, [k]);
  return out;
}

/** The value at a path, or undefined where the path leaves the objects. */
export function valueAt(values: JsonValue | undefined, path: ValuesPath): JsonValue | undefined {
  let cur = values;
  for (const k of path) {
    if (!isJsonObject(cur) || !Object.hasOwn(cur, k)) return undefined;
    cur = cur[k];
  }
  return cur;
}

/** A copy of the values with the value at `path` replaced (created with its parents if missing). */
export function withValue(values: JsonObject, path: ValuesPath, value: JsonValue): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined) return values;
  const child = values[head];
  return {
    ...values,
    [head]: rest.length === 0 ? value : withValue(isJsonObject(child) ? child : {}, rest, value),
  };
}

/** A copy of the values without the key at `path` (parents left in place, even if now empty). */
export function withoutValue(values: JsonObject, path: ValuesPath): JsonObject {
  const [head, ...rest] = path;
  if (head === undefined || !Object.hasOwn(values, head)) return values;
  if (rest.length === 0) {
    const { [head]: _removed, ...others } = values;
    return others;
  }
  const child = values[head];
  return isJsonObject(child) ? { ...values, [head]: withoutValue(child, rest) } : values;
}

/** Helm's merge of two values trees: objects merge key by key, anything else is replaced. */
export function mergeValues(base: JsonObject, over: JsonObject): JsonObject {
  const out: JsonObject = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = isJsonObject(b) && isJsonObject(v) ? mergeValues(b, v) : v;
  }
  return out;
}

/** "a.b.c" of a path, dots inside keys escaped as "\." (Helm's --set syntax). */
export function dottedPath(path: ValuesPath): string {
  return path.map((k) => k.replaceAll(".", "\\.")).join(".");
}

/** The path of a Helm-style dotted target path ("a.b\.c" → ["a", "b.c"]). */
export function parseDottedPath(text: string): string[] {
  const out: string[] = [];
  let cur = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "\\" && text[i + 1] === ".") {
      cur += ".";
      i++;
    } else if (c === ".") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out;
}
