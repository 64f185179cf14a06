import type { NamespacePackage } from "@helix-cluster/core";
import { environmentNamespace } from "./environment.js";
import { optionsSchema } from "./generated/options-schema.js";
import { ENVIRONMENTS, type EnvironmentsOptions } from "./options.js";

export {
  type AppAutoscalerOptions,
  appAutoscaler,
  autoscalingPolicy,
  elasticNodeTolerations,
  quotaRoomProblems,
  type Toleration,
} from "./autoscaling.js";
export { environmentNamespace, guardrails, podSecurityLabels } from "./environment.js";
export { DEFAULT_PEERS, type NetworkPolicyOptions, networkPolicies, type Peers } from "./network-policies.js";
export * from "./options.js";
export { quantity } from "./quantity.js";
export { limitRange, resourceQuota } from "./quota.js";
export { sidecarScope } from "./sidecar.js";

/**
 * The app environments production, staging and testing: one namespace each with Pod Security
 * labels, mesh injection and its guardrails. Written by hand instead of with
 * defineNamespacePackage: one package, three namespaces, and annotations on the Namespace.
 */
export function environments(options: EnvironmentsOptions = {}): NamespacePackage {
  return {
    packageName: "@helix-cluster/environments",
    options: { value: options, schema: optionsSchema },
    build: () =>
      ENVIRONMENTS.filter((env) => options[env]?.enabled ?? true).map((env) =>
        environmentNamespace(env, options),
      ),
  };
}
