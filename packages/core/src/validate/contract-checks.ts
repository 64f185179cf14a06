import { CLUSTER_ISSUER, describeHandle, INGRESS_CLASS } from "../model/contracts.js";
import { jsonAt, jsonList } from "../model/json-path.js";
import type { AssembledCluster, PlacedObject } from "../render/assemble.js";
import { CLUSTER_ISSUER_TYPE, INGRESS_CLASS_TYPE } from "./class-issuer-rules.js";
import type { Problem } from "./problem.js";
import type { Reference } from "./reference-rules.js";

/** What a component's resolved integrations lack although they are on: one problem per need. */
export function integrationProblems(assembled: AssembledCluster): Problem[] {
  return assembled.components.flatMap((c) =>
    (c.integrations ?? []).flatMap((integration) =>
      integration.missing.map(
        (message): Problem => ({
          cluster: assembled.name,
          layer: "reference",
          package: assembled.componentPackages.get(c.name) ?? "",
          component: c.name,
          message,
        }),
      ),
    ),
  );
}

/** The objects a provided handle stands for, beside rendered ones: ingress classes and ClusterIssuers. */
export function providedReferenceTargets(assembled: AssembledCluster): Omit<Reference, "path">[] {
  return assembled.components.flatMap((c) =>
    (c.provides ?? []).flatMap((h): Omit<Reference, "path">[] => {
      if (h.kind === "ingress-class" && h.contract === INGRESS_CLASS.id)
        return [{ type: INGRESS_CLASS_TYPE, name: h.name }];
      if (h.kind === "cluster-issuer" && h.contract === CLUSTER_ISSUER.id)
        return [{ type: CLUSTER_ISSUER_TYPE, name: h.name }];
      return [];
    }),
  );
}

/**
 * Each Service endpoint a component provides (directly or as a database's endpoint) must point at
 * a Service the cluster renders, on one of its ports, or at a Service the component lists in
 * `chartServices` (its chart creates it; the chart check verifies that).
 */
export function endpointProblems(
  assembled: AssembledCluster,
  findService: (namespace: string, name: string) => PlacedObject | undefined,
): Problem[] {
  const problems: Problem[] = [];
  for (const c of assembled.components) {
    for (const handle of c.provides ?? []) {
      const endpoint =
        handle.kind === "service-endpoint"
          ? handle
          : handle.kind === "database"
            ? handle.endpoint
            : undefined;
      if (!endpoint) continue;
      const where = {
        cluster: assembled.name,
        layer: "reference" as const,
        package: assembled.componentPackages.get(c.name) ?? "",
        component: c.name,
      };
      const service = findService(endpoint.namespace, endpoint.service);
      if (service) {
        const ports = jsonList(jsonAt(service.object, "spec", "ports")).map((p) => jsonAt(p, "port"));
        if (!ports.includes(endpoint.port))
          problems.push({
            ...where,
            message: `provides ${describeHandle(handle)}, but Service ${endpoint.namespace}/${endpoint.service} has no port ${endpoint.port} (ports: ${ports.join(", ") || "none"})`,
          });
        continue;
      }
      const fromChart =
        endpoint.namespace === c.namespace && (c.chartServices ?? []).includes(endpoint.service);
      if (!fromChart)
        problems.push({
          ...where,
          message: `provides ${describeHandle(handle)}, but no Service ${endpoint.namespace}/${endpoint.service} is rendered: render it, or list "${endpoint.service}" in the component's chartServices when its chart creates it`,
        });
    }
  }
  return problems;
}
