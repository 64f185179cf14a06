/**
 * JSON Schemas for strict validation, straight from upstream CRD files (the way kubeconform's
 * openapi2jsonschema does it): every object that lists its properties is closed, unless upstream
 * says `x-kubernetes-preserve-unknown-fields`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { parseAllDocuments } from "yaml";

export type Schema = { [key: string]: unknown };

/** A CRD version's schema, keyed "<apiVersion>|<Kind>". */
export interface CrdSchema {
  readonly key: string;
  readonly file: string;
  readonly schema: Schema;
}

const isObj = (v: unknown): v is Schema => typeof v === "object" && v !== null && !Array.isArray(v);

/** Turns a structural OpenAPI v3 schema of a CRD into a strict JSON Schema. */
export function strictSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strictSchema);
  if (!isObj(node)) return node;
  const out: Schema = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === "properties" && isObj(value)) {
      out.properties = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, strictSchema(v)]));
    } else if (["items", "additionalProperties", "not"].includes(key) && isObj(value)) {
      out[key] = strictSchema(value);
    } else if (["allOf", "anyOf", "oneOf"].includes(key) && Array.isArray(value)) {
      out[key] = value.map(strictSchema);
    } else if (key === "x-kubernetes-validations" || key === "description") {
      // CEL rules need a Kubernetes API server; descriptions only bloat the schema.
    } else {
      out[key] = value;
    }
  }
  if (out["x-kubernetes-int-or-string"] === true) {
    delete out.type;
    out.anyOf = [{ type: "integer" }, { type: "string" }];
  }
  if (out.nullable === true && typeof out.type === "string") out.type = [out.type, "null"];
  // OpenAPI 3.0 (JSON Schema draft 4) writes exclusive bounds as booleans next to the bound.
  for (const [flag, bound] of [
    ["exclusiveMinimum", "minimum"],
    ["exclusiveMaximum", "maximum"],
  ] as const) {
    if (typeof out[flag] === "boolean") {
      if (out[flag] === true && typeof out[bound] === "number") {
        out[flag] = out[bound];
        delete out[bound];
      } else delete out[flag];
    }
  }
  const open = out["x-kubernetes-preserve-unknown-fields"] === true;
  if (isObj(out.properties) && out.additionalProperties === undefined && !open)
    out.additionalProperties = false;
  return out;
}

/** Every served version of every CRD under `<dir>/crds`, strict. */
export async function loadCrdSchemas(dir: string): Promise<Map<string, CrdSchema>> {
  const root = join(dir, "crds");
  const schemas = new Map<string, CrdSchema>();
  const files = (await readdir(root, { recursive: true })).filter((f) => /\.ya?ml$/.test(f)).sort();
  for (const file of files) {
    const text = await readFile(join(root, file), "utf8");
    for (const doc of parseAllDocuments(text, { uniqueKeys: false })) {
      const crd = doc.toJS({ maxAliasCount: -1 }) as Schema | null;
      if (!isObj(crd) || crd.kind !== "CustomResourceDefinition" || !isObj(crd.spec)) continue;
      const spec = crd.spec as { group?: string; names?: { kind?: string }; versions?: unknown[] };
      for (const version of spec.versions ?? []) {
        const v = version as { name?: string; served?: boolean; schema?: { openAPIV3Schema?: Schema } };
        const open = v.schema?.openAPIV3Schema;
        if (!v.name || v.served === false || !open) continue;
        const apiVersion = `${spec.group}/${v.name}`;
        const schema = strictSchema(open) as Schema;
        const props = (isObj(schema.properties) ? schema.properties : {}) as Schema;
        // Some CRDs leave the type meta out of their schema; every object has them.
        props.apiVersion ??= { type: "string" };
        props.kind ??= { type: "string" };
        props.metadata = { type: "object" };
        schema.properties = props;
        schemas.set(`${apiVersion}|${spec.names?.kind}`, {
          key: `${apiVersion}|${spec.names?.kind}`,
          file: relative(dir, join(root, file)),
          schema,
        });
      }
    }
  }
  return schemas;
}
