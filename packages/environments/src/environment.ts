import type { Component, NamespaceSpec } from "@helix-cluster/core";
import { autoscalingPolicy, quotaRoomProblems } from "./autoscaling.js";
import { DEFAULT_PEERS, networkPolicies, type Peers } from "./network-policies.js";
import {
  CHAOS_MESH_ANNOTATION,
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

/**
 * The guardrails of one environment, in one component: quota, container limits, default-deny
 * network policies with their allowances and, in the mesh, the Sidecar scope.
 */
export function guardrails(
  env: EnvironmentName,
  opts: EnvironmentOptions,
  mesh: boolean,
  peers: Peers,
): Component {
  const defaults = ENVIRONMENT_DEFAULTS[env];
  const dataPlaneAccess = opts.dataPlaneAccess ?? true;
  const quota = { ...defaults.quota, ...opts.quota };
  const limits = { ...defaults.limits, ...opts.limits };
  // The quota must hold every autoscaled app at its maximum, or a load peak stops at the quota.
  const room = quotaRoomProblems(env, quota, limits, autoscalingPolicy(env, opts.autoscaling), mesh);
  if (room.length > 0) throw new Error(room.join("; "));
  return {
    name: `${env}-guardrails`,
    namespace: env,
    objects: [
      resourceQuota(env, quota),
      limitRange(env, limits),
      ...networkPolicies({ namespace: env, peers, dataPlaneAccess, egressCidrs: opts.egressCidrs ?? [] }),
      ...(mesh
        ? [
            sidecarScope(env, [
              peers.istioControlPlane,
              peers.monitoring,
              ...(dataPlaneAccess ? [peers.dataPlane] : []),
            ]),
          ]
        : []),
    ],
  };
}

/** One environment's namespace: labels, annotations and its guardrails component. */
export function environmentNamespace(env: EnvironmentName, all: EnvironmentsOptions): NamespaceSpec {
  const opts = all[env] ?? {};
  const mesh = all.mesh ?? true;
  const peers: Peers = { ...DEFAULT_PEERS, ...all.peers };
  const level = opts.podSecurity ?? (env === "testing" ? "baseline" : "restricted");
  const chaos = opts.chaosExperiments ?? env === "testing";
  return {
    name: env,
    labels: {
      ...podSecurityLabels(level),
      ...(mesh ? { "istio-injection": "enabled" } : {}),
      "helix.ai/environment": env,
    },
    annotations: chaos ? { [CHAOS_MESH_ANNOTATION]: "enabled" } : {},
    components: [guardrails(env, opts, mesh, peers)],
  };
}
