import { isJsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import type { SchemaViolation } from "../validate/strict-schema.js";

/** Every field of apiextensions.k8s.io/v1 JSONSchemaProps (kubernetes-models' schema lacks the description and x-kubernetes-* ones). */
const JSON_SCHEMA_PROPS = new Set([
  "$ref",
  "$schema",
  "additionalItems",
  "additionalProperties",
  "allOf",
  "anyOf",
  "default",
  "definitions",
  "dependencies",
  "description",
  "enum",
  "example",
  "exclusiveMaximum",
  "exclusiveMinimum",
  "externalDocs",
  "format",
  "id",
  "items",
  "maxItems",
  "maxLength",
  "maxProperties",
  "maximum",
  "minItems",
  "minLength",
  "minProperties",
  "minimum",
  "multipleOf",
  "not",
  "nullable",
  "oneOf",
  "pattern",
  "patternProperties",
  "properties",
  "required",
  "title",
  "type",
  "uniqueItems",
  "x-kubernetes-embedded-resource",
  "x-kubernetes-int-or-string",
  "x-kubernetes-list-map-keys",
  "x-kubernetes-list-type",
  "x-kubernetes-map-type",
  "x-kubernetes-preserve-unknown-fields",
  "x-kubernetes-validations",
]);

/** True for a path inside a CRD version's openAPIV3Schema, which {@link checkSchemaProps} checks. */
export function insideCrdSchema(path: string): boolean {
  return /^\/spec\/versions\/\d+\/schema\/openAPIV3Schema(\/|$)/.test(path);
}

/** Unknown fields in a JSONSchemaProps tree (a CRD's openAPIV3Schema), walked like the API server does. */
export function checkSchemaProps(schema: JsonValue | undefined, path: string): SchemaViolation[] {
  const out: SchemaViolation[] = [];
  const walk = (s: JsonValue | undefined, at: string): void => {
    if (!isJsonObject(s)) return;
    for (const [key, value] of Object.entries(s)) {
      const here = `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
      if (!JSON_SCHEMA_PROPS.has(key)) {
        out.push({ path: here, message: "unknown field" });
        continue;
      }
      if (
        key === "properties" ||
        key === "patternProperties" ||
        key === "definitions" ||
        key === "dependencies"
      ) {
        if (isJsonObject(value))
          for (const [k, v] of Object.entries(value)) if (!Array.isArray(v)) walk(v, `${here}/${k}`);
      } else if (key === "items" && Array.isArray(value))
        value.forEach((v, i) => {
          walk(v, `${here}/${i}`);
        });
      else if (key === "allOf" || key === "anyOf" || key === "oneOf") {
        if (Array.isArray(value))
          value.forEach((v, i) => {
            walk(v, `${here}/${i}`);
          });
      } else if (
        key === "items" ||
        key === "not" ||
        key === "additionalProperties" ||
        key === "additionalItems"
      )
        walk(value, here);
    }
  };
  walk(schema, path);
  return out;
}
