/**
 * Helm chart values: a TypeScript type (json-schema-to-typescript) and an Ajv standalone validator
 * (generated here, committed, no schema compile at runtime) per `values-schemas/*.json`.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { _, Ajv, type Options as AjvOptions, type AnySchemaObject } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import { compile } from "json-schema-to-typescript";
import { EXCLUDED_LICENCE } from "./crds.js";
import { compareStrings, header } from "./header.js";
import { ANNOTATION_KEYWORDS, type JsonObject, rewriteSchema } from "./schema-walk.js";
import { requireSource, type SourceInfo } from "./sources.js";

const standaloneCode = standaloneModule.default;
const addFormats = addFormatsModule.default;

/** Chart names that differ from the file name prefix. */
const CHART_RENAMES: Readonly<Record<string, string>> = {
  "cloudpirates-rabbitmq-cluster-operator": "rabbitmq-cluster-operator",
};

/**
 * Name a chart is published under when it differs from the schema file's name (Istio's gateway
 * chart is `gateway` in its repository): validators are keyed by the published name.
 */
const HELM_CHART_NAMES: Readonly<Record<string, string>> = {
  "istio-gateway": "gateway",
};

/** "<published chart name>@<version>", the key HelmReleases are matched by. */
export function chartKey(chart: string, version: string): string {
  return `${HELM_CHART_NAMES[chart] ?? chart}@${version}`;
}

const FILE_NAME = /^(.+)-(v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\.values\.schema\.json$/;

export interface GeneratedChart {
  readonly chart: string;
  readonly version: string;
  readonly typeName: string;
  readonly validatorName: string;
  readonly source: SourceInfo;
}

export interface ValuesOutput {
  readonly files: ReadonlyMap<string, string>;
  readonly charts: readonly GeneratedChart[];
  readonly skipped: readonly string[];
}

export function pascalCase(name: string): string {
  return name
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p.charAt(0).toUpperCase() + p.slice(1))
    .join("");
}

/**
 * Replaces every `$ref` that is not local (`#…`) by the permissive schema `{}`. From draft 2019-09 on,
 * `$ref` applies next to its sibling keywords, so only the `$ref` is dropped (type, default… stay);
 * in draft-07 siblings of `$ref` are ignored, so the whole schema object becomes `{}`.
 * Returns the rewritten schema and `[JSON pointer, former $ref]` pairs.
 */
function relaxRemoteRefs(
  schema: JsonObject,
  draft: Draft,
): { schema: JsonObject; relaxed: [string, string][] } {
  const relaxed: [string, string][] = [];
  const out = rewriteSchema(schema, (node, pointer) => {
    const ref = node.$ref;
    if (typeof ref !== "string" || ref.startsWith("#")) return;
    relaxed.push([pointer || "/", ref]);
    if (draft === "draft-07") for (const key of Object.keys(node)) delete node[key];
    else delete node.$ref;
  }) as JsonObject;
  return { schema: out, relaxed };
}

function relaxedNotes(relaxed: readonly [string, string][], draft: Draft): string[] {
  if (relaxed.length === 0) return [];
  const notes = [
    `${relaxed.length} remote $ref(s) cannot be fetched offline; each was replaced by the permissive schema {}`,
    draft === "draft-07"
      ? "(draft-07 ignores siblings of $ref, so the whole schema object became {})."
      : `(its sibling keywords such as type/default still apply, as in ${draft}).`,
    "Relaxed, as JSON pointer in the schema -> former $ref:",
  ];
  const byBase = new Map<string, [string, string][]>();
  for (const [pointer, ref] of relaxed) {
    const hash = ref.indexOf("#");
    const base = hash < 0 ? ref : ref.slice(0, hash);
    byBase.set(base, [...(byBase.get(base) ?? []), [pointer, hash < 0 ? "" : ref.slice(hash)]]);
  }
  for (const [base, refs] of byBase) {
    notes.push(`  ${base}`);
    for (const [pointer, fragment] of refs) notes.push(`    ${pointer} -> ${fragment || "(whole document)"}`);
  }
  return notes;
}

/** Drops annotation keywords (descriptions…), which would otherwise be inlined into the standalone code. */
function withoutAnnotations(schema: JsonObject): JsonObject {
  return rewriteSchema(schema, (node) => {
    for (const key of Object.keys(node)) {
      if (ANNOTATION_KEYWORDS.has(key) || key.startsWith("x-")) delete node[key];
    }
  }) as JsonObject;
}

type Draft = "draft-07" | "2019-09" | "2020-12";

function draftOf(schema: JsonObject): { draft: Draft; note?: string } {
  const declared = schema.$schema;
  if (typeof declared !== "string") return { draft: "draft-07", note: "No $schema: validated as draft-07." };
  if (declared.includes("draft-07")) return { draft: "draft-07" };
  if (declared.includes("2019-09")) return { draft: "2019-09" };
  if (declared.includes("2020-12")) return { draft: "2020-12" };
  return { draft: "draft-07", note: `$schema ${declared} names no draft: validated as draft-07.` };
}

function newAjv(draft: Draft, options: AjvOptions) {
  switch (draft) {
    case "2019-09":
      return new Ajv2019(options);
    case "2020-12":
      return new Ajv2020(options);
    default:
      return new Ajv(options);
  }
}

/**
 * Ajv's ESM standalone output still loads its runtime helpers and formats with `require(…)`.
 * This turns each such `const x = require("m").a.b;` into an import plus a constant.
 */
function requiresToImports(code: string): string {
  const imports = new Map<string, string>();
  const body = code.replace(
    /\bconst (\w+) = require\("([^"]+)"\)((?:\.\w+|\["[^"]+"\])*);/g,
    (_m, name: string, module: string, access: string) => {
      const specifier = module.endsWith(".js") ? module : `${module}.js`;
      let local = imports.get(specifier);
      if (!local) {
        local = `module${imports.size}`;
        imports.set(specifier, local);
      }
      return `const ${name} = ${local}${access};`;
    },
  );
  if (/\brequire\(/.test(body)) throw new Error("Ajv standalone code still contains require()");
  const head = [...imports].map(([specifier, local]) => `import ${local} from ${JSON.stringify(specifier)};`);
  return `${head.join("\n")}\n${body}`;
}

function standaloneValidator(
  schema: AnySchemaObject,
  draft: Draft,
): { code: string; unknownFormats: string[] } {
  const unknownFormats = new Set<string>();
  const ajv = newAjv(draft, {
    allErrors: true,
    strict: false,
    code: {
      source: true,
      esm: true,
      lines: true,
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
    logger: {
      log: () => {},
      error: (...args: unknown[]) => {
        throw new Error(args.map(String).join(" "));
      },
      warn: (...args: unknown[]) => {
        const m = /unknown format "([^"]+)"/.exec(args.map(String).join(" "));
        if (m?.[1]) unknownFormats.add(m[1]);
      },
    },
  });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let code = standaloneCode(ajv, validate);
  code = code.replace(/^"use strict";/, "");
  const exported = /export const validate = (\w+);/.exec(code)?.[1];
  if (!exported) throw new Error("unexpected Ajv standalone output");
  code = code.replace(/export const validate = \w+;/, "").replace(/export default \w+;/, "");
  code = requiresToImports(code);
  code += `\n\nexport const validate: ((data: unknown) => boolean) & { errors?: ErrorObject[] | null } = ${exported};\n`;
  return {
    code: `import type { ErrorObject } from "ajv";\n${code}`,
    unknownFormats: [...unknownFormats].sort(compareStrings),
  };
}

/** A property's schema (a value of properties, patternProperties or additionalProperties). */
const PROPERTY_POINTER = /\/(?:(?:properties|patternProperties)\/[^/]+|additionalProperties)$/;

/**
 * We check the values a HelmRelease overrides, which Helm merges over the chart's defaults before
 * its own schema check: a key upstream marks `required` is satisfied by those defaults, so
 * `required` is dropped for both the validator and the type; and Helm deletes a key the overrides
 * set to null (e.g. a default CPU limit), so every property also takes null (everything else stays
 * as strict).
 */
function forOverrides(schema: JsonObject): JsonObject {
  // A property that only names a local definition makes that definition nullable (wrapping every
  // such property would make Ajv inline each definition twice).
  const nullableDefinitions = new Set<string>();
  rewriteSchema(schema, (node, pointer) => {
    const ref = node.$ref;
    if (PROPERTY_POINTER.test(pointer) && typeof ref === "string" && ref.startsWith("#/") && onlyRef(node))
      nullableDefinitions.add(ref.slice(1));
  });
  return rewriteSchema(schema, (node, pointer) => {
    delete node.required;
    const isProperty = PROPERTY_POINTER.test(pointer);
    if (nullableDefinitions.has(pointer) || (isProperty && !(typeof node.$ref === "string" && onlyRef(node))))
      allowNull(node);
  }) as JsonObject;
}

/** True if a schema has no keyword besides `$ref` that constrains values. */
function onlyRef(node: JsonObject): boolean {
  return Object.keys(node).every((k) => k === "$ref" || ANNOTATION_KEYWORDS.has(k) || k.startsWith("x-"));
}

/** Lets a property schema accept null as well, in place. */
function allowNull(node: JsonObject): void {
  const type = node.type;
  if (typeof type === "string" || Array.isArray(type)) {
    const types = typeof type === "string" ? [type] : type;
    if (!types.includes("null")) node.type = [...types, "null"];
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum = [...node.enum, null];
    return;
  }
  if (["$ref", "anyOf", "oneOf", "allOf", "enum", "const"].some((k) => k in node)) {
    const inner: JsonObject = { ...node };
    for (const key of Object.keys(node)) delete node[key];
    node.anyOf = [inner, { type: "null" }];
  }
}

const TYPE_KEYWORDS = [
  "type",
  "$ref",
  "properties",
  "patternProperties",
  "additionalProperties",
  "items",
  "enum",
  "const",
  "anyOf",
  "oneOf",
  "allOf",
  "not",
  "if",
];

/** A schema with no type keyword accepts anything: say `unknown`, not an empty object type. */
function untypedAsUnknown(schema: JsonObject): JsonObject {
  return rewriteSchema(schema, (node, pointer) => {
    if (pointer !== "" && !TYPE_KEYWORDS.some((k) => k in node)) node.tsType = "unknown";
  }) as JsonObject;
}

/** Drops nested `title`s, which json-schema-to-typescript would turn into many oddly named types. */
function withoutNestedTitles(schema: JsonObject): JsonObject {
  return rewriteSchema(schema, (node, pointer) => {
    if (pointer !== "") delete node.title;
  }) as JsonObject;
}

async function valuesType(schema: JsonObject, typeName: string): Promise<string> {
  const forTypes = untypedAsUnknown(withoutNestedTitles({ ...schema, title: typeName }));
  delete forTypes.$schema;
  delete forTypes.$id;
  return compile(forTypes as Parameters<typeof compile>[0], typeName, {
    bannerComment: "",
    additionalProperties: true,
    declareExternallyReferenced: true,
    strictIndexSignatures: false,
    unknownAny: true,
    format: true,
    ignoreMinAndMaxItems: true,
    $refOptions: { resolve: { external: false, http: false, file: false } },
  });
}

export async function generateChartValues(
  upstreamDir: string,
  sources: ReadonlyMap<string, SourceInfo>,
): Promise<ValuesOutput> {
  const dir = join(upstreamDir, "values-schemas");
  const files = new Map<string, string>();
  const charts: GeneratedChart[] = [];
  const skipped: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith(".json")).sort(compareStrings)) {
    const file = `values-schemas/${name}`;
    const match = FILE_NAME.exec(name);
    if (!match?.[1] || !match[2])
      throw new Error(`${file}: cannot read chart name and version from the file name`);
    const source = requireSource(sources, file);
    if (EXCLUDED_LICENCE.test(source.licenceNote)) {
      skipped.push(`${file}: ${source.licence}, not generated from (same rule as crds/flux-operator)`);
      continue;
    }
    const chart = CHART_RENAMES[match[1]] ?? match[1];
    const version = match[2];
    const typeName = `${pascalCase(chart)}Values`;
    const validatorName = `validate${typeName}`;
    const upstream = JSON.parse(await readFile(join(dir, name), "utf8")) as JsonObject;
    const { draft, note } = draftOf(upstream);
    const relaxedRefs = relaxRemoteRefs(upstream, draft);
    const { relaxed } = relaxedRefs;
    const schema = forOverrides(relaxedRefs.schema);
    if (note) delete schema.$schema;
    const { code, unknownFormats } = standaloneValidator(
      withoutAnnotations(schema) as AnySchemaObject,
      draft,
    );
    const type = await valuesType(schema, typeName);
    const clash = /^export (?:interface|type) (ValuesProblem|toValuesProblems|validate\w*)\b/m.exec(type);
    if (clash) throw new Error(`${file}: generated type ${clash[1]} clashes with a name the generator uses`);

    const notes: string[] = [
      `Chart ${chart} ${version}; JSON Schema ${draft}.${note ? ` ${note}` : ""}`,
      "`required` is dropped: these check the overrides a HelmRelease sets, before Helm merges the chart defaults.",
    ];
    if (unknownFormats.length > 0) {
      notes.push(`Formats unknown to ajv-formats, not checked: ${unknownFormats.join(", ")}.`);
    }
    notes.push(...relaxedNotes(relaxed, draft));
    files.set(
      `_validators/${chart}.ts`,
      `${header([source], notes)}// @ts-nocheck -- Ajv standalone validator (plain JavaScript).\n${code}`,
    );
    files.set(
      `${chart}.ts`,
      `${header([source], notes)}import { toValuesProblems, type ValuesProblem } from "./problem.js";
import { validate } from "./_validators/${chart}.js";

${type.trim()}

/** Checks Helm values against the ${chart} ${version} chart's values.schema.json (Ajv, all errors). */
export function ${validatorName}(values: unknown): readonly ValuesProblem[] {
  return validate(values) ? [] : toValuesProblems(validate.errors);
}
`,
    );
    charts.push({ chart, version, typeName, validatorName, source });
  }
  files.set("problem.ts", `${header([])}${PROBLEM_TS}`);
  files.set("index.ts", valuesIndex(charts));
  return { files, charts, skipped };
}

const PROBLEM_TS = `import type { ErrorObject } from "ajv";

/** One schema violation in a Helm values object. */
export interface ValuesProblem {
  /**
   * JSON pointer (RFC 6901) to the offending value, e.g. \`/controller/replicaCount\`; \`""\` is the root.
   * For a missing required key or a key the schema does not allow, it points at that key.
   */
  readonly path: string;
  readonly message: string;
}

export type ValuesValidator = (values: unknown) => readonly ValuesProblem[];

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Maps Ajv errors to de-duplicated problems, in Ajv's order. */
export function toValuesProblems(errors: readonly ErrorObject[] | null | undefined): readonly ValuesProblem[] {
  const seen = new Set<string>();
  const problems: ValuesProblem[] = [];
  for (const error of errors ?? []) {
    const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
    let path = error.instancePath;
    let message = error.message ?? error.keyword;
    if (error.keyword === "required" && typeof params.missingProperty === "string") {
      path += \`/\${escapePointer(params.missingProperty)}\`;
      message = "is required";
    } else if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
      path += \`/\${escapePointer(params.additionalProperty)}\`;
      message = "is not allowed by the schema (additional property)";
    }
    const key = \`\${path}\\u0000\${message}\`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message });
  }
  return problems;
}
`;

function valuesIndex(charts: readonly GeneratedChart[]): string {
  const lines: string[] = [];
  lines.push(`import type { ValuesValidator } from "./problem.js";`);
  for (const c of charts) lines.push(`import { ${c.validatorName} } from "./${c.chart}.js";`);
  lines.push("");
  lines.push(`export { toValuesProblems, type ValuesProblem, type ValuesValidator } from "./problem.js";`);
  for (const c of charts) {
    lines.push(`export { type ${c.typeName}, ${c.validatorName} } from "./${c.chart}.js";`);
  }
  lines.push("");
  lines.push(
    `/** Values validators by "<chart>@<chart version>" (the version of the upstream values.schema.json). */`,
  );
  lines.push("export const chartValuesValidators: Readonly<Record<string, ValuesValidator>> = {");
  for (const c of [...charts].sort((a, b) =>
    compareStrings(`${a.chart}@${a.version}`, `${b.chart}@${b.version}`),
  )) {
    lines.push(`  ${JSON.stringify(chartKey(c.chart, c.version))}: ${c.validatorName},`);
  }
  lines.push("};");
  return `${header(charts.map((c) => c.source))}${lines.join("\n")}\n`;
}
