/**
 * The conformance check: every rendered object and every HelmRelease's values against the raw
 * upstream schema files, with an independent validator (Ajv on the CRDs' own OpenAPI schemas),
 * so a bug in our generated models or in core's validation cannot hide a problem.
 */
import { readdir, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { Ajv, type ErrorObject, type ValidateFunction } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormatsModule from "ajv-formats";
import { parseAllDocuments } from "yaml";
import { loadCrdSchemas, type Schema } from "./crd-schemas.js";
import { findValuesSchema, loadValuesSchemas } from "./values-schemas.js";

/** One conformance failure. */
export interface ConformanceProblem {
  readonly file: string;
  readonly object: string;
  readonly path: string;
  readonly message: string;
}

/** What a conformance run checked and found. */
export interface ConformanceReport {
  readonly objects: number;
  readonly validatedObjects: number;
  readonly validatedValues: number;
  /** "<apiVersion>|<Kind>" → count of objects with no schema in the folder. */
  readonly withoutSchema: ReadonlyMap<string, number>;
  readonly problems: readonly ConformanceProblem[];
}

type Obj = { [key: string]: unknown };
const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

/**
 * Upstream schemas come from Go, whose regexps allow a leading `(?i)`; JavaScript spells that as
 * the `i` flag. Anything else JavaScript cannot compile accepts every string rather than crash.
 */
const goCompatibleRegExp = Object.assign(
  (source: string, flags: string): RegExp => {
    const caseless = source.replace(/^(\^?)\(\?i\)/, "$1");
    try {
      return new RegExp(caseless, caseless === source ? flags : `${flags}i`);
    } catch {
      return /[\s\S]*/u;
    }
  },
  { code: "new RegExp" },
);

function newAjv(kind: "draft-07" | "2019-09" | "2020-12"): Ajv {
  const options = {
    allErrors: true,
    strict: false,
    logger: false as const,
    validateFormats: true,
    code: { regExp: goCompatibleRegExp },
  };
  const ajv =
    kind === "2019-09" ? new Ajv2019(options) : kind === "2020-12" ? new Ajv2020(options) : new Ajv(options);
  addFormats(ajv);
  // OpenAPI's numeric and binary formats say nothing JSON Schema can check beyond the type.
  for (const format of ["int32", "int64", "float", "double", "byte", "binary", "password"])
    ajv.addFormat(format, true);
  return ajv;
}

function draftOf(schema: Schema): "draft-07" | "2019-09" | "2020-12" {
  const s = typeof schema.$schema === "string" ? schema.$schema : "";
  return s.includes("2020-12") ? "2020-12" : s.includes("2019-09") ? "2019-09" : "draft-07";
}

function messageOf(e: ErrorObject): { path: string; message: string } {
  if (e.keyword === "additionalProperties") {
    return { path: `${e.instancePath}/${String(e.params.additionalProperty)}`, message: "unknown field" };
  }
  if (e.keyword === "required")
    return { path: `${e.instancePath}/${String(e.params.missingProperty)}`, message: "is required" };
  return { path: e.instancePath || "/", message: e.message ?? e.keyword };
}

async function renderedFiles(dirs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const dir of dirs) {
    for (const f of await readdir(dir, { recursive: true })) {
      if (f.endsWith(".yaml") && !f.endsWith("kustomization.yaml") && !f.endsWith(".sops.yaml"))
        files.push(join(dir, f));
    }
  }
  return files.sort();
}

/** Validates every object of the rendered folders against the schemas under `schemasDir`. */
export async function runConformance(
  schemasDir: string,
  renderedDirs: readonly string[],
  base = process.cwd(),
): Promise<ConformanceReport> {
  const crds = await loadCrdSchemas(schemasDir);
  const valuesSchemas = await loadValuesSchemas(schemasDir);
  const crdAjv = newAjv("draft-07");
  const compiled = new Map<string, ValidateFunction>();
  const compile = (key: string, build: () => ValidateFunction): ValidateFunction => {
    let fn = compiled.get(key);
    if (!fn) {
      fn = build();
      compiled.set(key, fn);
    }
    return fn;
  };

  const objects: { file: string; obj: Obj }[] = [];
  for (const file of await renderedFiles(renderedDirs)) {
    for (const doc of parseAllDocuments(await readFile(file, "utf8"))) {
      const obj = doc.toJS() as unknown;
      if (isObj(obj)) objects.push({ file: relative(base, file), obj });
    }
  }
  const ociSources = new Map<string, Obj>();
  for (const { obj } of objects) {
    const meta = obj.metadata as Obj | undefined;
    if (obj.kind === "OCIRepository") ociSources.set(`${String(meta?.namespace)}/${String(meta?.name)}`, obj);
  }

  const problems: ConformanceProblem[] = [];
  const withoutSchema = new Map<string, number>();
  let validatedObjects = 0;
  let validatedValues = 0;
  for (const { file, obj } of objects) {
    const meta = (obj.metadata ?? {}) as Obj;
    const id = `${String(obj.kind)}/${meta.namespace ? `${String(meta.namespace)}/` : ""}${String(meta.name)}`;
    const key = `${String(obj.apiVersion)}|${String(obj.kind)}`;
    const crd = crds.get(key);
    if (!crd) withoutSchema.set(key, (withoutSchema.get(key) ?? 0) + 1);
    else {
      validatedObjects++;
      const validate = compile(key, () => crdAjv.compile(crd.schema));
      if (!validate(obj))
        for (const e of validate.errors ?? []) problems.push({ file, object: id, ...messageOf(e) });
    }
    if (obj.kind === "HelmRelease" && isObj(obj.spec)) {
      const chart = chartOf(obj.spec, String(meta.namespace), ociSources);
      const schema = chart && findValuesSchema(valuesSchemas, chart.name, chart.version);
      if (schema) {
        validatedValues++;
        const validate = compile(schema.file, () => newAjv(draftOf(schema.schema)).compile(schema.schema));
        if (!validate(withoutNulls(obj.spec.values ?? {}))) {
          for (const e of validate.errors ?? []) {
            const m = messageOf(e);
            problems.push({
              file,
              object: id,
              path: `/spec/values${m.path === "/" ? "" : m.path}`,
              message: `${m.message} (${schema.file})`,
            });
          }
        }
      }
    }
  }
  return { objects: objects.length, validatedObjects, validatedValues, withoutSchema, problems };
}

/**
 * The values as the chart's schema sees them: Helm deletes every key set to null (it removes that
 * key of the chart's defaults) before it validates.
 */
export function withoutNulls(values: unknown): unknown {
  // Arrays replace the chart's lists whole: Helm never merges into them.
  if (!isObj(values)) return values;
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  );
}

function chartOf(
  spec: Obj,
  ns: string,
  oci: ReadonlyMap<string, Obj>,
): { name: string; version: string } | undefined {
  const tmpl = isObj(spec.chart) && isObj(spec.chart.spec) ? spec.chart.spec : undefined;
  if (tmpl && typeof tmpl.chart === "string") return { name: tmpl.chart, version: String(tmpl.version) };
  const ref = isObj(spec.chartRef) ? spec.chartRef : undefined;
  if (ref?.kind !== "OCIRepository") return undefined;
  const source = oci.get(`${typeof ref.namespace === "string" ? ref.namespace : ns}/${String(ref.name)}`);
  const s = isObj(source?.spec) ? source.spec : undefined;
  if (!s || typeof s.url !== "string" || !isObj(s.ref)) return undefined;
  return { name: s.url.split("/").pop() ?? "", version: String(s.ref.tag) };
}
