/**
 * `registry.ts`: what core's validation needs from the generated models, loaded lazily, so a render
 * only imports the models of the kinds it actually uses. (Chart values validators live in the
 * packages that pin the charts and reach core through helmComponent's `valuesSchema`.)
 */
import type { CrdOutput } from "./crds.js";
import { compareStrings, header } from "./header.js";

export function registryModule(crds: CrdOutput): string {
  const models = crds.classes
    .map((c) => ({
      key: `${c.group}/${c.version}|${c.kind}`,
      line: `  ${JSON.stringify(`${c.group}/${c.version}|${c.kind}`)}: () => import("./models/${c.path.replace(/\.ts$/, ".js")}").then((m) => m.${c.kind}),`,
    }))
    .sort((a, b) => compareStrings(a.key, b.key));
  const scopes = crds.crds
    .map((c) => `  ${JSON.stringify(`${c.group}/${c.kind}`)}: ${JSON.stringify(c.scope)},`)
    .sort(compareStrings);
  const lines = [
    'import type { ModelClass } from "../validate/strict-schema.js";',
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
  ];
  return `${header(crds.crds.map((c) => c.source))}${lines.join("\n")}\n`;
}
