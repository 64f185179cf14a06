import type { JsonValue } from "./kube-object.js";

/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/** True for a JSON object (not an array, not null). */
export const isJsonObject = (v: JsonValue | undefined): v is JsonObject =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** The value at a path of object keys, or undefined where the path leaves the objects. */
export function jsonAt(v: JsonValue | undefined, ...keys: string[]): JsonValue | undefined {
  let cur = v;
  for (const k of keys) cur = isJsonObject(cur) ? cur[k] : undefined;
  return cur;
}

/** The value if it is a string. */
export const jsonString = (v: JsonValue | undefined): string | undefined =>
  typeof v === "string" ? v : undefined;

/** The value if it is an array, else an empty one. */
export const jsonList = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);
