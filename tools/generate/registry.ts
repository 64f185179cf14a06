/**
 * `registry.ts`: what core's validation needs from the generated code, loaded lazily, so a render
 * only imports the models and values validators of the kinds and charts it actually uses.
 */
import type { CrdOutput } from "./crds.js";
import { compareStrings, header } from "./header.js";
import { chartKey, type ValuesOutput } from "./values.js";

export function registryModule(crds: CrdOutput, values: ValuesOutput): string {
  const models = crds.classes
    .map((c) => ({
      key: `${c.group}/${c.version}|${c.kind}`,
      line: `  ${JSON.stringify(`${c.group}/${c.version}|${c.kind}`)}: () => import("./models/${c.path.replace(/\.ts$/, ".js")}").then((m) => m.${c.kind}),`,
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
  const scopes = crds.crds
    .map((c) => `  ${JSON.stringify(`${c.group}/${c.kind}`)}: ${JSON.stringify(c.scope)},`)
    .sort(compareStrings);
  const charts = values.charts
    .map((c) => ({
      key: chartKey(c.chart, c.version),
      line: `  ${JSON.stringify(chartKey(c.chart, c.version))}: () => import("./values/${c.chart}.js").then((m) => m.${c.validatorName}),`,
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
  const lines = [
    'import type { ModelClass } from "../validate/strict-schema.js";',
    'import type { ValuesProblem } from "./values/problem.js";',
    "",
    '/** Loads the generated model class of "<apiVersion>|<Kind>". */',
    "export const generatedModelLoaders: Readonly<Record<string, () => Promise<ModelClass>>> = {",
    ...models.map((m) => m.line),
    "};",
    "",
    '/** `spec.scope` of each generated CRD, by "<group>/<Kind>". */',
    'export const generatedCrdScopes: Readonly<Record<string, "Namespaced" | "Cluster">> = {',
    ...scopes,
    "};",
    "",
    '/** Loads the values validator of "<chart>@<version>". */',
    "export const generatedValuesValidatorLoaders: Readonly<",
    "  Record<string, () => Promise<(values: unknown) => readonly ValuesProblem[]>>",
    "> = {",
    ...charts.map((c) => c.line),
    "};",
  ];
  return `${header([...crds.crds.map((c) => c.source), ...values.charts.map((c) => c.source)])}${lines.join("\n")}\n`;
}
