import { generatedValuesValidatorLoaders } from "../generated/registry.js";
import { isJsonObject } from "../model/json-path.js";
import type { PlainObject } from "./reference-rules.js";

/** A values problem: JSON pointer inside the HelmRelease and message. */
export interface ValuesViolation {
  readonly path: string;
  readonly message: string;
}

/** Checks a chart's values; paths are JSON pointers relative to the values. */
export type ValuesValidator = (
  values: unknown,
) => readonly { readonly path: string; readonly message: string }[];

const validators = new Map<string, ValuesValidator>();

/** Registers the values validator of one chart version, keyed "<chart>@<version>". */
export function registerValuesValidator(chartAtVersion: string, validator: ValuesValidator): void {
  validators.set(chartAtVersion, validator);
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

/** The values validator of "<chart>@<version>": a registered one, else one generated from upstream. */
async function validatorFor(chartKey: string): Promise<ValuesValidator | undefined> {
  const own = validators.get(chartKey);
  if (own) return own;
  const load = generatedValuesValidatorLoaders[chartKey];
  if (!load) return undefined;
  const loaded = await load();
  validators.set(chartKey, loaded);
  return loaded;
}

/** Versions of a chart that have a values validator (registered or generated), other than `chartKey`'s. */
function otherValidatedVersions(chartKey: string): string[] {
  const chart = chartKey.slice(0, chartKey.lastIndexOf("@"));
  return [...new Set([...validators.keys(), ...Object.keys(generatedValuesValidatorLoaders)])]
    .filter((k) => k !== chartKey && k.slice(0, k.lastIndexOf("@")) === chart)
    .map((k) => k.slice(k.lastIndexOf("@") + 1))
    .sort();
}

/**
 * Validates a HelmRelease's values against its chart's schema, when one is known. Fails closed on
 * a chart bump: a version without a validator while another version of the chart has one is a
 * problem, so the values of a bumped chart are never left unchecked quietly.
 */
export async function validateChartValues(
  chartKey: string | undefined,
  release: PlainObject,
): Promise<ValuesViolation[]> {
  const validate = chartKey ? await validatorFor(chartKey) : undefined;
  if (!validate && chartKey) {
    const others = otherValidatedVersions(chartKey);
    if (others.length > 0) {
      const at = chartKey.lastIndexOf("@");
      return [
        {
          path: "/spec/values",
          message: `no values schema for chart ${chartKey.slice(0, at)} ${chartKey.slice(at + 1)}, but version ${others.join(", ")} has one: add values-schemas/<chart>-<version>.values.schema.json to the upstream data and run npm run generate (a bump must not leave the values unchecked)`,
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
