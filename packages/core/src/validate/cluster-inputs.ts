import { clusterSettingsSchema } from "../generated/inputs/cluster-settings-schema.js";
import type { ClusterDefinition } from "../model/cluster.js";
import { compareCodePoints } from "../model/code-point-order.js";
import { checkInput, type InputIssue } from "./check-input.js";
import type { InputSchema } from "./input-schema.js";
import type { Problem } from "./problem.js";
import { checkSettingsRules } from "./settings-rules.js";
import { dns1123LabelProblem } from "./syntax.js";

/**
 * Checks everything a cluster entry wrote by hand before any package is built: the cluster name,
 * the settings (schema with unknown keys rejected, then the semantic rules) and the options of
 * every package against its schema. Returns every problem, each named `cluster › settings.<path>`
 * or `cluster › package › options.<path>`.
 */
export function checkClusterInputs(cluster: ClusterDefinition): Problem[] {
  const problems: Problem[] = [];
  const nameProblem = dns1123LabelProblem(cluster.name);
  if (nameProblem)
    problems.push({
      cluster: cluster.name,
      layer: "input",
      path: "name",
      message: `cluster name ${nameProblem}`,
    });
  const located = (issue: InputIssue, pkg?: string): Problem => ({
    cluster: cluster.name,
    layer: "input",
    ...(pkg ? { package: pkg } : {}),
    path: issue.path,
    message: issue.message,
  });
  const { schema, conflicts } = settingsSchemaOf(cluster);
  for (const key of conflicts)
    problems.push(
      located({
        path: `settingsSchema.properties.${key}`,
        message: `"${key}" is a ClusterSettings field already: rename the cluster's own field`,
      }),
    );
  for (const issue of checkInput(cluster.settings, schema, "settings")) problems.push(located(issue));
  for (const issue of checkSettingsRules(cluster.settings)) problems.push(located(issue));
  for (const pkg of cluster.namespaces) {
    if (pkg.options === undefined) continue;
    for (const issue of checkInput(pkg.options.value, pkg.options.schema, "options"))
      problems.push(located(issue, pkg.packageName));
  }
  // Settings first, then each package; by field path inside each, in code point order.
  const key = (p: Problem): string => `${p.package ?? ""}\u0000${p.path ?? ""}\u0000${p.message}`;
  return problems.sort((a, b) => compareCodePoints(key(a), key(b)));
}

/** ClusterSettings' schema, with the properties and required keys of the cluster's own extension. */
function settingsSchemaOf(cluster: ClusterDefinition): { schema: InputSchema; conflicts: string[] } {
  const extension = cluster.settingsSchema;
  if (!extension) return { schema: clusterSettingsSchema, conflicts: [] };
  const base = clusterSettingsSchema.properties ?? {};
  const own = extension.properties ?? {};
  return {
    schema: {
      ...clusterSettingsSchema,
      properties: { ...own, ...base },
      required: [...(clusterSettingsSchema.required ?? []), ...(extension.required ?? [])],
    },
    conflicts: Object.keys(own).filter((key) => key in base),
  };
}
