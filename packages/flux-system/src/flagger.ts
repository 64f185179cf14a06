import {
  type ChartContainerResources,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  type Integration,
  POD_MONITOR,
  typesWhenEnabled,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import type { FlaggerPlan } from "./integrations.js";
import { FLUX_SYSTEM_NAMESPACE, type FluxSystemOptions } from "./options.js";

/** Values of the flagger chart we set (the chart ships no values schema), from its documented values. */
export interface FlaggerValues {
  /** Traffic provider Flagger drives. */
  readonly meshProvider: "istio";
  /** Prometheus that holds the mesh's request metrics. */
  readonly metricsServer: string;
  readonly logLevel?: "debug" | "info" | "warning" | "error";
  readonly leaderElection?: { readonly enabled: boolean; readonly replicaCount: number };
  readonly podDisruptionBudget?: { readonly enabled: boolean; readonly minAvailable: number };
  readonly resources?: ChartContainerResources;
  readonly podMonitor?: { readonly enabled: boolean; readonly interval?: string };
  /** Restart the analysis when a ConfigMap or Secret the Deployment uses changes. */
  readonly configTracking?: { readonly enabled: boolean };
  readonly securityContext?: { readonly enabled: boolean };
}

// renovate: datasource=docker depName=ghcr.io/fluxcd/charts/flagger
export const FLAGGER_VERSION = "1.44.0";

/** Resource types whose CRDs the flagger chart installs (from its crds/ folder). */
export const FLAGGER_CRDS = [
  "flagger.app/AlertProvider",
  "flagger.app/Canary",
  "flagger.app/MetricTemplate",
] as const;

/**
 * Flagger for the Istio mesh: it promotes or rolls back Canary objects (built with core's `canary()`)
 * from the request success rate and latency Prometheus collects from the sidecars (the plan's
 * metrics server; without one the plan's integration reports what to add).
 */
export function flagger(opts: FluxSystemOptions, plan: FlaggerPlan, monitoring: Integration): Component {
  const replicas = enabledOptions(opts.flagger)?.replicas ?? 2;
  const monitors = monitoring.enabled;
  return helmComponent<FlaggerValues>({
    name: "flagger",
    namespace: FLUX_SYSTEM_NAMESPACE,
    chart: { oci: "oci://ghcr.io/fluxcd/charts/flagger", version: FLAGGER_VERSION },
    installsCrds: FLAGGER_CRDS,
    usesCrds: typesWhenEnabled(monitoring, POD_MONITOR),
    integrations: [plan.integration, monitoring],
    values: {
      meshProvider: "istio",
      // Unresolved: the plan's integration reports the problem; the value is never applied.
      metricsServer: plan.metricsServer ?? "",
      logLevel: "info",
      leaderElection: { enabled: replicas > 1, replicaCount: replicas },
      podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 },
      // The chart's default limits CPU at 1000m: no CPU limits on the platform (throttling).
      resources: withoutChartCpuLimit(containerResources("20m", "64Mi", "512Mi")),
      podMonitor: { enabled: monitors, interval: "30s" },
      configTracking: { enabled: true },
      securityContext: { enabled: true },
    },
  });
}
