import {
  type BuildContext,
  type Integration,
  type NamespacePackage,
  resolveIntegration,
} from "@helix-cluster/core";
import { environmentNamespace } from "./environment.js";
import { optionsSchema } from "./generated/options-schema.js";
import { ENVIRONMENTS, type EnvironmentsOptions, SIDECAR_CRD } from "./options.js";

export {
  type AppAutoscalerOptions,
  appAutoscaler,
  autoscalingPolicy,
  elasticNodeTolerations,
  quotaRoomProblems,
  type Toleration,
} from "./autoscaling.js";
export {
  environmentNamespace,
  environmentNamespaceName,
  guardrails,
  podSecurityLabels,
} from "./environment.js";
export { DEFAULT_PEERS, type NetworkPolicyOptions, networkPolicies, type Peers } from "./network-policies.js";
export * from "./options.js";
export { quantity } from "./quantity.js";
export { limitRange, resourceQuota } from "./quota.js";
export { sidecarScope } from "./sidecar.js";

/** The mesh integration: Istio sidecars and their scope, on when the cluster installs Istio's Sidecar CRD. */
export function meshIntegration(context: BuildContext, options: EnvironmentsOptions): Integration {
  return resolveIntegration(context, {
    name: "mesh",
    option: options.mesh,
    optionPath: "mesh",
    needs: { types: [SIDECAR_CRD] },
    addHint: "@helix-cluster/istio-system",
  });
}

/**
 * The app environments production, staging and testing: one namespace each with Pod Security
 * labels, mesh injection (when the cluster has Istio) and its guardrails. Written by hand instead of with
 * defineNamespacePackage: one package, three namespaces, and annotations on the Namespace.
 */
export function environments(options: EnvironmentsOptions = {}): NamespacePackage {
  return {
    packageName: "@helix-cluster/environments",
    options: { value: options, schema: optionsSchema },
    build: (_settings, context) => {
      const mesh = meshIntegration(context, options);
      return ENVIRONMENTS.filter((env) => options[env]?.enabled ?? true).map((env) =>
        environmentNamespace(env, options, mesh),
      );
    },
  };
}
