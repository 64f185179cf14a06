import { isJsonObject, jsonList } from "../model/json-path.js";
import type { ResourceType } from "../model/kube-object.js";
import type { AssembledCluster } from "../render/assemble.js";
import type { ClusterOrder } from "./check-objects.js";

const FLUX_KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/Kustomization";

/**
 * Who installs which CRD (declared installsCrds) and who waits for whom: the dependsOn of the Flux
 * Kustomizations the render derived, followed transitively.
 */
export function clusterOrder(assembled: AssembledCluster): ClusterOrder {
  const installerOf = new Map<ResourceType, string>();
  for (const c of assembled.components) {
    for (const type of c.installsCrds ?? []) if (!installerOf.has(type)) installerOf.set(type, c.name);
  }
  const direct = new Map<string, string[]>();
  for (const o of assembled.objects) {
    if (o.type !== FLUX_KUSTOMIZATION || !o.component) continue;
    const name = (o.object.metadata as { name?: string } | undefined)?.name;
    if (name !== o.component) continue;
    const spec = isJsonObject(o.object.spec) ? o.object.spec : {};
    direct.set(
      name,
      jsonList(spec.dependsOn).flatMap((d) =>
        isJsonObject(d) && typeof d.name === "string" ? [d.name] : [],
      ),
    );
  }
  const closure = new Map<string, Set<string>>();
  const waitsFor = (component: string): ReadonlySet<string> => {
    const known = closure.get(component);
    if (known) return known;
    const seen = new Set<string>();
    const stack = [...(direct.get(component) ?? [])];
    while (stack.length > 0) {
      const next = stack.pop() ?? "";
      if (seen.has(next)) continue;
      seen.add(next);
      stack.push(...(direct.get(next) ?? []));
    }
    closure.set(component, seen);
    return seen;
  };
  return { installerOf, waitsFor };
}
