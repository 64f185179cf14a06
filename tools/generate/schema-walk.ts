/**
 * Schema-aware JSON Schema rewriting: visits schema objects only (never property names, enum/const/
 * default values), so a chart value literally called `title` or `$ref` is left alone.
 */
export type Json = null | boolean | number | string | Json[] | JsonObject;
export interface JsonObject {
  [key: string]: Json;
}

const SCHEMA_MAPS = ["properties", "patternProperties", "definitions", "$defs", "dependentSchemas"];
const SCHEMA_VALUES = [
  "additionalProperties",
  "additionalItems",
  "items",
  "contains",
  "not",
  "if",
  "then",
  "else",
  "propertyNames",
  "unevaluatedItems",
  "unevaluatedProperties",
  "contentSchema",
];
const SCHEMA_ARRAYS = ["allOf", "anyOf", "oneOf", "prefixItems", "items"];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/**
 * Returns a copy of `schema` where every schema object was passed through `visit` (outermost first;
 * `visit` receives a shallow copy it may change and the JSON pointer of the schema object).
 */
export function rewriteSchema(
  schema: Json,
  visit: (node: JsonObject, pointer: string) => void,
  pointer = "",
): Json {
  if (!isObject(schema)) return schema;
  const node: JsonObject = { ...schema };
  visit(node, pointer);
  const at = (...segments: string[]) => `${pointer}/${segments.map(escapePointer).join("/")}`;
  for (const key of SCHEMA_MAPS) {
    const map = node[key];
    if (!isObject(map)) continue;
    const out: JsonObject = {};
    for (const [name, sub] of Object.entries(map)) out[name] = rewriteSchema(sub, visit, at(key, name));
    node[key] = out;
  }
  for (const key of SCHEMA_VALUES) {
    if (isObject(node[key])) node[key] = rewriteSchema(node[key], visit, at(key));
  }
  for (const key of SCHEMA_ARRAYS) {
    const list = node[key];
    if (Array.isArray(list)) node[key] = list.map((sub, i) => rewriteSchema(sub, visit, at(key, String(i))));
  }
  const dependencies = node.dependencies;
  if (isObject(dependencies)) {
    const out: JsonObject = {};
    for (const [name, sub] of Object.entries(dependencies)) {
      out[name] = Array.isArray(sub) ? sub : rewriteSchema(sub, visit, at("dependencies", name));
    }
    node.dependencies = out;
  }
  return node;
}

/** Keywords that only annotate: they never change whether a value validates. */
export const ANNOTATION_KEYWORDS = new Set([
  "$comment",
  "default",
  "deprecated",
  "description",
  "examples",
  "markdownDescription",
  "readOnly",
  "title",
  "writeOnly",
]);
