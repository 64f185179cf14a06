import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import type { PodAutoscaling, ReplicaBounds, ScalingResource } from "../model/autoscaling.js";

/** Options of a HorizontalPodAutoscaler for a Deployment the component renders. */
export interface HorizontalPodAutoscalerOptions {
  /** Name of the scaled Deployment; also the HPA's name. */
  readonly deployment: string;
  /** Namespace of both. @default the component's namespace */
  readonly namespace?: string;
  /** Replica bounds (see replicaBounds for the cluster's size). */
  readonly bounds: ReplicaBounds;
  /** Target average utilisation, in percent of the containers' requests, per resource. */
  readonly utilization: Readonly<Partial<Record<ScalingResource, number>>>;
  /** Seconds the load must stay low before replicas are removed. @default 300 */
  readonly scaleDownStabilizationSeconds?: number;
}

/**
 * An autoscaling/v2 HPA of a Deployment: scales up at once, and down by at most half the replicas a
 * minute once the load has stayed low for the stabilisation window (no flapping after a burst).
 */
export function horizontalPodAutoscaler(opts: HorizontalPodAutoscalerOptions): HorizontalPodAutoscaler {
  const resources = (["cpu", "memory"] as const).filter((r) => opts.utilization[r] !== undefined);
  return new HorizontalPodAutoscaler({
    metadata: { name: opts.deployment, ...(opts.namespace ? { namespace: opts.namespace } : {}) },
    spec: {
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: opts.deployment },
      minReplicas: opts.bounds.min,
      maxReplicas: opts.bounds.max,
      metrics: resources.map((name) => ({
        type: "Resource" as const,
        resource: {
          name,
          target: { type: "Utilization" as const, averageUtilization: opts.utilization[name] },
        },
      })),
      behavior: {
        scaleDown: {
          stabilizationWindowSeconds: opts.scaleDownStabilizationSeconds ?? 300,
          policies: [{ type: "Percent", value: 50, periodSeconds: 60 }],
        },
      },
    },
  });
}

/** The declaration of an HPA the chart creates from its values, for validation and the status page. */
export function chartPodAutoscaling(
  target: string,
  bounds: ReplicaBounds,
  utilization: Readonly<Partial<Record<ScalingResource, number>>>,
  namespace?: string,
): PodAutoscaling {
  return {
    target,
    ...(namespace ? { namespace } : {}),
    minReplicas: bounds.min,
    maxReplicas: bounds.max,
    utilization,
    via: "chart",
  };
}
