/**
 * Helm chart values: a TypeScript type (json-schema-to-typescript) and an Ajv standalone validator
 * (generated here, committed, no schema compile at runtime) per `values-schemas/*.json`, written into
 * the package that pins the chart (see values-owners.ts), keyed by chart name and exact version.
 */
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import type { AnySchemaObject } from "ajv";
import { compile } from "json-schema-to-typescript";
import { EXCLUDED_LICENCE } from "./crds.js";
import { compareStrings, header } from "./header.js";
import { ANNOTATION_KEYWORDS, type JsonObject, rewriteSchema } from "./schema-walk.js";
import { requireSource, type SourceInfo } from "./sources.js";
import { type Draft, standaloneValidator } from "./standalone-validator.js";
import { UNPINNED_VALUES_SCHEMAS, VALUES_SCHEMA_OWNERS } from "./values-owners.js";

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

const FILE_NAME = /^(.+)-(v?\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?)\.values\.schema\.json$/;

export interface GeneratedChart {
  /** Our name of the chart (the schema file's, renamed), e.g. "istio-gateway". */
  readonly chart: string;
  /** The name it is published under, e.g. "gateway". */
  readonly published: string;
  readonly version: string;
  /** Folder name under packages/ of the package that pins it. */
  readonly owner: string;
  /** "<chart>-<version>": the module name in the package's src/generated/values/. */
  readonly module: string;
  readonly typeName: string;
  readonly schemaName: string;
  readonly source: SourceInfo;
}

export interface ValuesOutput {
  /** Generated files by workspace-relative path. */
  readonly files: ReadonlyMap<string, string>;
  readonly charts: readonly GeneratedChart[];
  readonly skipped: readonly string[];
}

/** Where a package's generated values live, relative to the workspace. */
export function valuesFolder(owner: string): string {
  return `packages/${owner}/src/generated/values`;
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

function draftOf(schema: JsonObject): { draft: Draft; note?: string } {
  const declared = schema.$schema;
  if (typeof declared !== "string") return { draft: "draft-07", note: "No $schema: validated as draft-07." };
  if (declared.includes("draft-07")) return { draft: "draft-07" };
  if (declared.includes("2019-09")) return { draft: "2019-09" };
  if (declared.includes("2020-12")) return { draft: "2020-12" };
  return { draft: "draft-07", note: `$schema ${declared} names no draft: validated as draft-07.` };
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

/** Who pins which chart (see values-owners.ts); a test passes its own. */
export interface ValuesOwnership {
  /** Published chart name → package folder. */
  readonly owners: Readonly<Record<string, string>>;
  /** Published chart name → why no package pins it. */
  readonly unpinned: Readonly<Record<string, string>>;
}

export async function generateChartValues(
  upstreamDir: string,
  sources: ReadonlyMap<string, SourceInfo>,
  ownership: ValuesOwnership = { owners: VALUES_SCHEMA_OWNERS, unpinned: UNPINNED_VALUES_SCHEMAS },
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
    const published = HELM_CHART_NAMES[chart] ?? chart;
    const unpinned = ownership.unpinned[published];
    if (unpinned !== undefined) {
      skipped.push(`${file}: no package pins chart ${published} (${unpinned})`);
      continue;
    }
    const owner = ownership.owners[published];
    if (owner === undefined)
      throw new Error(
        `${file}: no package is known to pin chart ${published}: name it in tools/generate/values-owners.ts (VALUES_SCHEMA_OWNERS, or UNPINNED_VALUES_SCHEMAS with the reason)`,
      );
    const typeName = `${pascalCase(chart)}Values`;
    const schemaName = `${camelCase(chart)}ValuesSchema`;
    const module = `${chart}-${version}`;
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
    const clash = /^export (?:interface|type) (ChartValuesSchema|toValuesProblems|validate\w*)\b/m.exec(type);
    if (clash) throw new Error(`${file}: generated type ${clash[1]} clashes with a name the generator uses`);

    const notes: string[] = [
      `Chart ${chart} ${version}; JSON Schema ${draft}.${note ? ` ${note}` : ""}`,
      "`required` is dropped: these check the overrides a HelmRelease sets, before Helm merges the chart defaults.",
      "Every key also takes null: Helm deletes a key the overrides set to null.",
    ];
    if (unknownFormats.length > 0) {
      notes.push(`Formats unknown to ajv-formats, not checked: ${unknownFormats.join(", ")}.`);
    }
    notes.push(...relaxedNotes(relaxed, draft));
    const folder = valuesFolder(owner);
    files.set(
      `${folder}/_validators/${module}.ts`,
      `${header([source], notes)}// @ts-nocheck -- Ajv standalone validator (plain JavaScript).\n${code}`,
    );
    files.set(
      `${folder}/${module}.ts`,
      `${header([source], notes)}import { type ChartValuesSchema, toValuesProblems } from "@helix-cluster/core";
import { validate } from "./_validators/${module}.js";

${type.trim()}

/**
 * The values schema of chart ${published} ${version} (its values.schema.json, checked by Ajv with all
 * errors): pass it to helmComponent as \`valuesSchema\` where the component pins ${published} ${version}.
 */
export const ${schemaName}: ChartValuesSchema<${typeName}, ${JSON.stringify(published)}, ${JSON.stringify(version)}> = {
  chart: ${JSON.stringify(published)},
  version: ${JSON.stringify(version)},
  validate: (values) => (validate(values) ? [] : toValuesProblems(validate.errors)),
};
`,
    );
    charts.push({ chart, published, version, owner, module, typeName, schemaName, source });
  }
  for (const [published, owner] of Object.entries(ownership.owners)) {
    if (!charts.some((c) => c.published === published))
      throw new Error(
        `values-schemas/: no values schema of chart ${published}, which ${owner} pins: add values-schemas/${published}-<version>.values.schema.json to the upstream data, or remove ${published} from tools/generate/values-owners.ts with the reason (a chart must not lose its values check quietly)`,
      );
  }
  for (const owner of [...new Set(charts.map((c) => c.owner))].sort(compareStrings)) {
    const own = charts.filter((c) => c.owner === owner);
    const names = own.map((c) => c.schemaName);
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice)
      throw new Error(`${valuesFolder(owner)}: two versions of one chart would both export ${twice}`);
    files.set(`${valuesFolder(owner)}/index.ts`, valuesIndex(own));
  }
  return { files, charts, skipped };
}

function camelCase(name: string): string {
  const pascal = pascalCase(name);
  return pascal.charAt(0).toLowerCase() + pascal.slice(1);
}

/** A package's generated values index: every chart values schema and type it holds. */
function valuesIndex(charts: readonly GeneratedChart[]): string {
  const lines: string[] = ['import type { ChartValuesSchema } from "@helix-cluster/core";'];
  for (const c of charts) lines.push(`import { ${c.schemaName} } from "./${c.module}.js";`);
  lines.push("");
  for (const c of charts)
    lines.push(`export { type ${c.typeName}, ${c.schemaName} } from "./${c.module}.js";`);
  lines.push("");
  lines.push("/** Every chart values schema generated for this package, by chart name and version. */");
  lines.push("export const chartValuesSchemas: readonly ChartValuesSchema[] = [");
  for (const c of [...charts].sort((a, b) => compareStrings(a.module, b.module)))
    lines.push(`  ${c.schemaName},`);
  lines.push("];");
  return `${header(charts.map((c) => c.source))}${lines.join("\n")}\n`;
}
