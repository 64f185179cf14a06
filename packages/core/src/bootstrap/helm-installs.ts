import type { Component } from "../model/component.js";
import { toYamlDocument } from "../render/yaml.js";
import type { Problem } from "../validate/problem.js";

/**
 * The values files of the releases installed with the helm CLI before Flux exists
 * (`helm/<releaseName>.values.yaml`, relative to the bootstrap folder), one per component declaring
 * `bootstrapHelm`; two components claiming one release name are a problem, as the files would collide.
 */
export function bootstrapHelmFiles(
  clusterName: string,
  components: readonly Component[],
): { files: Map<string, string>; problems: Problem[] } {
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  const claimedBy = new Map<string, string>();
  for (const component of components) {
    const install = component.bootstrapHelm;
    if (!install) continue;
    const other = claimedBy.get(install.releaseName);
    if (other !== undefined) {
      problems.push({
        cluster: clusterName,
        component: component.name,
        layer: "policy",
        message: `bootstrap Helm release "${install.releaseName}" is also installed by component "${other}": give one of them another release name`,
      });
      continue;
    }
    claimedBy.set(install.releaseName, component.name);
    files.set(`helm/${install.releaseName}.values.yaml`, toYamlDocument(install.values));
  }
  return { files, problems };
}
