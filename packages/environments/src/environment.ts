import type { Component, Integration, NamespaceSpec } from "@helix-cluster/core";
import { autoscalingPolicy, quotaRoomProblems } from "./autoscaling.js";
import { DEFAULT_PEERS, networkPolicies, type Peers } from "./network-policies.js";
import {
  CHAOS_MESH_ANNOTATION,
  DEFAULT_ENVIRONMENT_LABEL_KEY,
  ENVIRONMENT_DEFAULTS,
  type EnvironmentName,
  type EnvironmentOptions,
  type EnvironmentsOptions,
} from "./options.js";
import { limitRange, resourceQuota } from "./quota.js";
import { sidecarScope } from "./sidecar.js";

/** Pod Security labels: the chosen level enforced, restricted always warned about and audited. */
export function podSecurityLabels(level: "restricted" | "baseline"): Record<string, string> {
  return {
    "pod-security.kubernetes.io/enforce": level,
    "pod-security.kubernetes.io/enforce-version": "latest",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/warn-version": "latest",
    "pod-security.kubernetes.io/audit": "restricted",
    "pod-security.kubernetes.io/audit-version": "latest",
  };
}

/** The namespace an environment renders into: its `namespace` option, else its role's name. */
export function environmentNamespaceName(env: EnvironmentName, opts: EnvironmentOptions = {}): string {
  return opts.namespace ?? env;
}

/**
 * The guardrails of one environment, in one component: quota, container limits, default-deny
 * network policies with their allowances and, with the mesh integration on, the Sidecar scope.
 */
export function guardrails(
  env: EnvironmentName,
  opts: EnvironmentOptions,
  mesh: Integration,
  peers: Peers,
): Component {
  const namespace = environmentNamespaceName(env, opts);
  const defaults = ENVIRONMENT_DEFAULTS[env];
  const dataPlaneAccess = opts.dataPlaneAccess ?? true;
  const quota = { ...defaults.quota, ...opts.quota };
  const limits = { ...defaults.limits, ...opts.limits };
  // The quota must hold every autoscaled app at its maximum, or a load peak stops at the quota.
  const room = quotaRoomProblems(env, quota, limits, autoscalingPolicy(env, opts.autoscaling), mesh.enabled);
  if (room.length > 0) throw new Error(room.join("; "));
  return {
    name: `${namespace}-guardrails`,
    namespace,
    objects: [
      resourceQuota(namespace, quota),
      limitRange(namespace, limits),
      ...networkPolicies({ namespace, peers, dataPlaneAccess, egressCidrs: opts.egressCidrs ?? [] }),
      ...(mesh.enabled
        ? [
            sidecarScope(namespace, [
              peers.istioControlPlane,
              peers.monitoring,
              ...(dataPlaneAccess ? [peers.dataPlane] : []),
            ]),
          ]
        : []),
    ],
    integrations: [mesh],
  };
}

/**
 * One environment's namespace: labels, annotations and its guardrails component. `mesh` is the
 * resolved mesh integration (see `environments`).
 */
export function environmentNamespace(
  env: EnvironmentName,
  all: EnvironmentsOptions,
  mesh: Integration,
): NamespaceSpec {
  const opts = all[env] ?? {};
  const peers: Peers = { ...DEFAULT_PEERS, ...all.peers };
  const level = opts.podSecurity ?? (env === "testing" ? "baseline" : "restricted");
  const chaos = opts.chaosExperiments ?? env === "testing";
  return {
    name: environmentNamespaceName(env, opts),
    labels: {
      ...podSecurityLabels(level),
      ...(mesh.enabled ? { "istio-injection": "enabled" } : {}),
      [all.environmentLabelKey ?? DEFAULT_ENVIRONMENT_LABEL_KEY]: env,
    },
    annotations: chaos ? { [CHAOS_MESH_ANNOTATION]: "enabled" } : {},
    components: [guardrails(env, opts, mesh, peers)],
  };
}
