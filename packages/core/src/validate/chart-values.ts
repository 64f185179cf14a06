import type { ErrorObject } from "ajv";
import { isJsonObject } from "../model/json-path.js";
import type { PlainObject } from "./reference-rules.js";

/** A values problem: JSON pointer inside the HelmRelease and message. */
export interface ValuesViolation {
  readonly path: string;
  readonly message: string;
}

/** One schema violation in a Helm values object. */
export interface ValuesProblem {
  /**
   * JSON pointer (RFC 6901) to the offending value, e.g. `/controller/replicaCount`; `""` is the root.
   * For a missing required key or a key the schema does not allow, it points at that key.
   */
  readonly path: string;
  readonly message: string;
}

/** Checks a chart's values; paths are JSON pointers relative to the values. */
export type ValuesValidator = (values: unknown) => readonly ValuesProblem[];

/** An Ajv validation error (what the generated standalone validators report). */
export type AjvErrorObject = ErrorObject;

/**
 * The values schema of one exact chart version: its validator, and (as a type only) its values.
 * Generated into the package that pins the chart (`src/generated/values/<chart>-<version>.ts`);
 * the component passes it to `helmComponent` as `valuesSchema`, so the values are typed and checked
 * against exactly the version the component pins.
 */
export interface ChartValuesSchema<
  Values extends object = object,
  Chart extends string = string,
  Version extends string = string,
> {
  /** Chart name as published (the last segment of an OCI URL, or the repository's chart name). */
  readonly chart: Chart;
  readonly version: Version;
  readonly validate: ValuesValidator;
  /** Never set: carries the values type, so `helmComponent` infers it from the schema. */
  readonly values?: Values;
}

const validators = new Map<string, ValuesValidator>();

/** Registers the values validator of one chart version, keyed "<chart>@<version>". */
export function registerValuesValidator(chartAtVersion: string, validator: ValuesValidator): void {
  validators.set(chartAtVersion, validator);
}

/** Registers a chart values schema (helmComponent and helmRelease do, for the schema they get). */
export function registerValuesSchema(schema: ChartValuesSchema): void {
  registerValuesValidator(`${schema.chart}@${schema.version}`, schema.validate);
}

/** True if a values validator is registered for "<chart>@<version>". */
export function hasValuesValidator(chartAtVersion: string): boolean {
  return validators.has(chartAtVersion);
}

function escapePointer(segment: string): string {
  return segment.replaceAll("~", "~0").replaceAll("/", "~1");
}

/** Maps Ajv errors to de-duplicated problems, in Ajv's order. */
export function toValuesProblems(
  errors: readonly ErrorObject[] | null | undefined,
): readonly ValuesProblem[] {
  const seen = new Set<string>();
  const problems: ValuesProblem[] = [];
  for (const error of errors ?? []) {
    const params = error.params as { missingProperty?: unknown; additionalProperty?: unknown };
    let path = error.instancePath;
    let message = error.message ?? error.keyword;
    if (error.keyword === "required" && typeof params.missingProperty === "string") {
      path += `/${escapePointer(params.missingProperty)}`;
      message = "is required";
    } else if (error.keyword === "additionalProperties" && typeof params.additionalProperty === "string") {
      path += `/${escapePointer(params.additionalProperty)}`;
      message = "is not allowed by the schema (additional property)";
    }
    const key = `${path}\u0000${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ path, message });
  }
  return problems;
}

/**
 * "<chart>@<version>" of a HelmRelease: from its chart template, or from the OCIRepository its
 * chartRef names (chart = last segment of the URL, version = the tag).
 */
export function chartKeyOf(
  release: PlainObject,
  findOci: (name: string) => PlainObject | undefined,
): string | undefined {
  const spec = release.spec;
  if (!isJsonObject(spec)) return undefined;
  const chart = spec.chart;
  if (isJsonObject(chart) && isJsonObject(chart.spec) && typeof chart.spec.chart === "string") {
    return `${chart.spec.chart}@${String(chart.spec.version)}`;
  }
  const ref = spec.chartRef;
  if (!isJsonObject(ref) || ref.kind !== "OCIRepository" || typeof ref.name !== "string") return undefined;
  const oci = findOci(ref.name);
  const ociSpec = oci?.spec;
  if (!isJsonObject(ociSpec) || typeof ociSpec.url !== "string" || !isJsonObject(ociSpec.ref))
    return undefined;
  return `${ociSpec.url.split("/").pop()}@${String(ociSpec.ref.tag)}`;
}

/** Versions of a chart that have a registered values validator, other than `chartKey`'s. */
function otherValidatedVersions(chartKey: string): string[] {
  const chart = chartKey.slice(0, chartKey.lastIndexOf("@"));
  return [...validators.keys()]
    .filter((k) => k !== chartKey && k.slice(0, k.lastIndexOf("@")) === chart)
    .map((k) => k.slice(k.lastIndexOf("@") + 1))
    .sort();
}

/**
 * Validates a HelmRelease's values against its chart's schema, when one is registered. Fails closed
 * on a chart bump: a version without a validator while another version of the chart has one is a
 * problem, so the values of a bumped chart are never left unchecked quietly.
 */
export async function validateChartValues(
  chartKey: string | undefined,
  release: PlainObject,
): Promise<ValuesViolation[]> {
  const validate = chartKey ? validators.get(chartKey) : undefined;
  if (!validate && chartKey) {
    const others = otherValidatedVersions(chartKey);
    if (others.length > 0) {
      const at = chartKey.lastIndexOf("@");
      const chart = chartKey.slice(0, at);
      const version = chartKey.slice(at + 1);
      return [
        {
          path: "/spec/values",
          message: `no values schema for chart ${chart} ${version}, but version ${others.join(", ")} has one: add values-schemas/${chart}-${version}.values.schema.json to the upstream data, run npm run generate and pass the generated ${chart}-${version} schema as valuesSchema (a bump must not leave the values unchecked)`,
        },
      ];
    }
  }
  if (!validate || !isJsonObject(release.spec)) return [];
  return validate(release.spec.values ?? {}).map((p) => ({
    path: `/spec/values${p.path}`,
    message: p.message,
  }));
}
