import { createRequire } from "node:module";
import type { Ajv, ErrorObject } from "ajv";
import { compareCodePoints } from "../model/code-point-order.js";
import type { InputSchema } from "./input-schema.js";

/** A problem in hand-written input: where (e.g. `settings.nodes[3].role`) and what is wrong. */
export interface InputIssue {
  /** Dotted path from the root name, array items as `[i]`, odd keys as `["key"]`. */
  readonly path: string;
  readonly message: string;
}

/**
 * A validator compiled from an input schema ahead of time (an Ajv standalone module with
 * `allErrors` and `verbose`, as `npm run generate:schemas` writes them next to each schema).
 */
export type InputValidator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };

const compiled = new WeakMap<InputSchema, InputValidator>();

/**
 * Pairs a schema with the validator compiled from it ahead of time, so checking input against it
 * needs no schema compiler at run time (Ajv's compile is most of a small render's validation).
 * The validator must have been compiled from this very schema with `allErrors` and `verbose`:
 * the messages read the failing schema from its errors. Returns the schema.
 */
export function withInputValidator<S extends InputSchema>(schema: S, validate: InputValidator): S {
  compiled.set(schema, validate);
  return schema;
}

let ajv: Ajv | undefined;

/** Ajv, loaded at the first schema that has no validator of its own (a cluster's own settings fields…). */
function runtimeAjv(): Ajv {
  if (!ajv) {
    // Loaded on demand, synchronously (Ajv is CommonJS): most renders never need the compiler.
    const { Ajv: AjvClass } = createRequire(import.meta.url)("ajv") as typeof import("ajv");
    // allErrors: every problem at once; verbose: errors carry the offending value for the message.
    ajv = new AjvClass({ allErrors: true, verbose: true, strict: true });
  }
  return ajv;
}

/**
 * Checks a value against its schema and returns one located issue per problem: an unknown key
 * (with the closest known one), a missing key, a wrong type or value. A value of the wrong type
 * gives one issue, never one per character or item; a union (`Options | false`) reports the
 * branch whose shape the value has.
 */
export function checkInput(value: unknown, schema: InputSchema, root: string): InputIssue[] {
  let validate = compiled.get(schema);
  if (!validate) {
    try {
      validate = runtimeAjv().compile(schema);
    } catch (error) {
      return [{ path: root, message: `its schema is not valid JSON Schema: ${errorText(error)}` }];
    }
    compiled.set(schema, validate);
  }
  if (validate(value)) return [];
  const issues = collapseUnions(validate.errors ?? []).map((e) => toIssue(e, root));
  const seen = new Set<string>();
  return issues
    .filter((i) => !seen.has(`${i.path}\u0000${i.message}`) && seen.add(`${i.path}\u0000${i.message}`))
    .sort((a, b) => compareCodePoints(a.path, b.path) || compareCodePoints(a.message, b.message));
}

/** Keywords whose failure means the value has another shape than the branch wants. */
const SHAPE_KEYWORDS = new Set(["type", "const", "enum"]);

/**
 * Replaces each failed anyOf and its branches' errors by the errors of the branch the value fits
 * (the right type, wrong content), or by one error listing what the value may be.
 */
function collapseUnions(errors: readonly ErrorObject[]): ErrorObject[] {
  let result = [...errors];
  const unions = result
    .filter((e) => e.keyword === "anyOf")
    .sort((a, b) => b.schemaPath.length - a.schemaPath.length);
  for (const union of unions) {
    const prefix = `${union.schemaPath}/`;
    const branches = new Map<string, ErrorObject[]>();
    for (const e of result) {
      if (!e.schemaPath.startsWith(prefix)) continue;
      const branch = e.schemaPath.slice(prefix.length).split("/")[0] ?? "";
      branches.set(branch, [...(branches.get(branch) ?? []), e]);
    }
    const fitting = [...branches.values()]
      .filter(
        (errs) => !errs.some((e) => e.instancePath === union.instancePath && SHAPE_KEYWORDS.has(e.keyword)),
      )
      .sort((a, b) => a.length - b.length)[0];
    const replacement: ErrorObject[] = fitting ?? [
      { ...union, keyword: "type", params: { allowed: describeUnion(union.schema) } },
    ];
    result = result.filter((e) => e !== union && !e.schemaPath.startsWith(prefix)).concat(replacement);
  }
  return result;
}

function toIssue(e: ErrorObject, root: string): InputIssue {
  const at = pathOf(root, e.instancePath);
  const params = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case "additionalProperties": {
      const key = String(params.additionalProperty);
      const known = Object.keys((e.parentSchema as InputSchema | undefined)?.properties ?? {});
      const near = closest(key, known);
      const hint = near
        ? `did you mean "${near}"?`
        : known.length > 0
          ? `known keys here: ${known.join(", ")}`
          : "this object takes no keys";
      return { path: child(at, key), message: `unknown key "${key}": ${hint}` };
    }
    case "required":
      return { path: child(at, String(params.missingProperty)), message: "is required but missing" };
    case "type": {
      const allowed = Array.isArray(params.allowed)
        ? params.allowed.join(" or ")
        : article(String(params.type));
      return { path: at, message: `must be ${allowed}, found ${describeValue(e.data)}` };
    }
    case "enum":
      return {
        path: at,
        message: `must be one of ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(", ")}; found ${describeValue(e.data)}`,
      };
    case "const":
      return {
        path: at,
        message: `must be ${JSON.stringify(params.allowedValue)}, found ${describeValue(e.data)}`,
      };
    default:
      return { path: at, message: `${e.message ?? e.keyword}, found ${describeValue(e.data)}` };
  }
}

/** `settings` + `/nodes/3/role` → `settings.nodes[3].role`. */
function pathOf(root: string, pointer: string): string {
  if (pointer === "") return root;
  let path = root;
  for (const raw of pointer.slice(1).split("/")) {
    const key = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    path = /^\d+$/.test(key) ? `${path}[${key}]` : child(path, key);
  }
  return path;
}

function child(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function article(type: string): string {
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** How a union's branches read in a message: "an object or false". */
function describeUnion(branches: unknown): string[] {
  if (!Array.isArray(branches)) return ["another value"];
  return branches.map((b: InputSchema) => {
    if ("const" in b) return JSON.stringify(b.const);
    if (Array.isArray(b.enum)) return b.enum.map((v) => JSON.stringify(v)).join(" or ");
    return typeof b.type === "string" ? article(b.type) : "another value";
  });
}

/** A value as a message shows it: its type and, for short scalars, itself. */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === "object") return "an object";
  if (typeof value === "string")
    return value.length <= 60 ? `the string ${JSON.stringify(value)}` : "a long string";
  return `${article(typeof value)} (${String(value)})`;
}

/** The known key a misspelt one most likely meant: same letters ignoring case, or ≤ 2 edits away. */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = name.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, name);
    if (distance <= 2 && (!best || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
