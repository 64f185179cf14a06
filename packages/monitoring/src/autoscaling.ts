import {
  type ClusterSettings,
  chartPodAutoscaling,
  type PodAutoscaling,
  type PodAutoscalingOptions,
  type ResolvedPodAutoscaling,
  resolvePodAutoscaling,
} from "@helix-cluster/core";

/**
 * The autoscaling block most Grafana charts read per component (HPA on CPU and/or memory). A type
 * alias, not an interface, so it fits the generated values types' index signatures.
 */
export type ChartHpaValues = {
  enabled: boolean;
  minReplicas?: number;
  maxReplicas?: number;
  targetCPUUtilizationPercentage?: number | null;
  targetMemoryUtilizationPercentage?: number | null;
};

/** One autoscaled component of a chart: where its values go and which workload the HPA scales. */
export interface ScaledWorkload {
  /** The workload the chart's HPA targets, "Kind/name". */
  readonly target: string;
  readonly scaling: ResolvedPodAutoscaling;
}

/** Resolves a stack component's autoscaling, or undefined when the options turn it off. */
export function stackAutoscaling(
  settings: ClusterSettings,
  minReplicas: number,
  opts: PodAutoscalingOptions | false | undefined,
  maxReplicas: number,
): ResolvedPodAutoscaling | undefined {
  return resolvePodAutoscaling(settings, minReplicas, opts, { maxReplicas });
}

/** The chart values of a resolved autoscaling (CPU and, when asked, memory targets), or off. */
export function chartHpaValues(scaling: ResolvedPodAutoscaling | undefined): ChartHpaValues {
  if (!scaling) return { enabled: false };
  return {
    enabled: true,
    minReplicas: scaling.bounds.min,
    maxReplicas: scaling.bounds.max,
    targetCPUUtilizationPercentage: scaling.utilization.cpu ?? null,
    targetMemoryUtilizationPercentage: scaling.utilization.memory ?? null,
  };
}

/** The component's autoscaling declaration for every scaled workload (none: no declaration). */
export function declaredAutoscaling(workloads: readonly ScaledWorkload[]): {
  autoscaling?: { pods: PodAutoscaling[] };
} {
  if (workloads.length === 0) return {};
  return {
    autoscaling: {
      pods: workloads.map((w) => chartPodAutoscaling(w.target, w.scaling.bounds, w.scaling.utilization)),
    },
  };
}
