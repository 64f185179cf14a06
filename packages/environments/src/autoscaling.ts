import {
  burstPool,
  type ClusterSettings,
  horizontalPodAutoscaler,
  type KubeObject,
  WORKLOAD_CLASS_KEY,
} from "@helix-cluster/core";
import {
  type AppAutoscalingPolicy,
  ENVIRONMENT_DEFAULTS,
  type EnvironmentName,
  type LimitOptions,
  MESH_SIDECAR_RESOURCES,
  type QuotaOptions,
} from "./options.js";
import { quantity } from "./quantity.js";

/** The environment's policy: the options over its defaults. */
export function autoscalingPolicy(
  env: EnvironmentName,
  policy: AppAutoscalingPolicy = {},
): Required<AppAutoscalingPolicy> {
  const merged = { ...ENVIRONMENT_DEFAULTS[env].autoscaling, ...policy };
  if (merged.minReplicas < 1 || merged.maxReplicas < merged.minReplicas)
    throw new Error(
      `environments.${env}.autoscaling: needs 1 ≤ minReplicas ≤ maxReplicas, got ${merged.minReplicas}..${merged.maxReplicas}`,
    );
  return merged;
}

/**
 * Why the quota cannot hold `policy.apps` autoscaled apps at maxReplicas (each pod with the
 * LimitRange's default requests, plus the sidecar's in the mesh), one message per exhausted total;
 * empty when it can.
 */
export function quotaRoomProblems(
  env: EnvironmentName,
  quota: Required<QuotaOptions>,
  limits: Required<LimitOptions>,
  policy: Required<AppAutoscalingPolicy>,
  mesh: boolean,
): string[] {
  const pods = policy.apps * policy.maxReplicas;
  const sidecar = (value: string): number => (mesh ? quantity(value) : 0);
  const needs: [string, number, number, string][] = [
    ["pods", pods, Number(quota.pods), "pods"],
    [
      "requests.cpu",
      pods * (quantity(limits.defaultCpuRequest) + sidecar(MESH_SIDECAR_RESOURCES.cpu)),
      quantity(quota.requestsCpu),
      "requestsCpu",
    ],
    [
      "requests.memory",
      pods * (quantity(limits.defaultMemoryRequest) + sidecar(MESH_SIDECAR_RESOURCES.memory)),
      quantity(quota.requestsMemory),
      "requestsMemory",
    ],
    [
      "limits.memory",
      pods * (quantity(limits.defaultMemoryLimit) + sidecar(MESH_SIDECAR_RESOURCES.memoryLimit)),
      quantity(quota.limitsMemory),
      "limitsMemory",
    ],
  ];
  return needs
    .filter(([, need, has]) => need > has * (1 + 1e-9))
    .map(
      ([name, need, has, option]) =>
        `environments.${env}.quota.${option}: ${policy.apps} apps × ${policy.maxReplicas} replicas need ${name} ${formatAmount(name, need)}, the quota allows ${formatAmount(name, has)}: raise it, or lower autoscaling.apps or autoscaling.maxReplicas`,
    );
}

function formatAmount(name: string, value: number): string {
  if (name.includes("memory")) return `${Math.round((value / 2 ** 30) * 100) / 100}Gi`;
  if (name.includes("cpu")) return `${Math.round(value * 1000)}m`;
  return String(value);
}

/** Options of an app's autoscaler. */
export interface AppAutoscalerOptions {
  /** The app's Deployment (and the HPA's name). */
  readonly deployment: string;
  /** Fewer replicas at most than the policy's maximum. @default the policy's maxReplicas */
  readonly maxReplicas?: number;
  /** The environment's policy, as given to the environments package. @default ENVIRONMENT_DEFAULTS[env].autoscaling */
  readonly policy?: AppAutoscalingPolicy;
  /** The environment's namespace, as given to the environments package. @default env */
  readonly namespace?: string;
}

/**
 * The environment's default HorizontalPodAutoscaler for an app's Deployment: CPU target, bounds and
 * scale-down pace of the policy. An app may ask for a lower maximum, never a higher one: the quota
 * keeps room for the policy's maximum only. The Deployment's containers must request CPU (the
 * LimitRange gives those that set none its default), and validation checks it when both are rendered.
 */
export function appAutoscaler(env: EnvironmentName, opts: AppAutoscalerOptions): KubeObject {
  const policy = autoscalingPolicy(env, opts.policy);
  const max = opts.maxReplicas ?? policy.maxReplicas;
  if (max > policy.maxReplicas || max < policy.minReplicas)
    throw new Error(
      `environments.${env}: ${opts.deployment} may scale between ${policy.minReplicas} and ${policy.maxReplicas} replicas (the quota's room), not to ${max}`,
    );
  return horizontalPodAutoscaler({
    deployment: opts.deployment,
    namespace: opts.namespace ?? env,
    bounds: { min: policy.minReplicas, max },
    utilization: { cpu: policy.cpuUtilization },
    scaleDownStabilizationSeconds: policy.scaleDownStabilizationSeconds,
  });
}

/** A toleration of a pod spec. */
export interface Toleration {
  readonly key: string;
  readonly operator: "Equal";
  readonly value: string;
  readonly effect: "NoSchedule";
}

/**
 * Tolerations a stateless, autoscaled app adds to grow onto elastic nodes: Karpenter's "apps"
 * workload class (EKS) and, when the cluster has them, the Linode burst nodes (k3s). Never for a
 * StatefulSet or anything with local data: those nodes come and go.
 */
export function elasticNodeTolerations(settings: ClusterSettings): Toleration[] {
  const tolerations: Toleration[] = [
    { key: WORKLOAD_CLASS_KEY, operator: "Equal", value: "apps", effect: "NoSchedule" },
  ];
  const burst = burstPool(settings);
  if (burst)
    tolerations.push({
      key: burst.taint.key,
      operator: "Equal",
      value: burst.taint.value,
      effect: "NoSchedule",
    });
  return tolerations;
}
