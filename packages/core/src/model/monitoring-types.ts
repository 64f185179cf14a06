import type { ResourceType } from "./kube-object.js";

/*
 * The Prometheus Operator types that charts of every package create for their own metrics; the
 * monitoring package installs their CRDs. Shared here so packages name them without importing it.
 */

/** `monitoring.coreos.com/ServiceMonitor`. */
export const SERVICE_MONITOR: ResourceType = "monitoring.coreos.com/ServiceMonitor";
/** `monitoring.coreos.com/PodMonitor`. */
export const POD_MONITOR: ResourceType = "monitoring.coreos.com/PodMonitor";
/** `monitoring.coreos.com/PrometheusRule`. */
export const PROMETHEUS_RULE: ResourceType = "monitoring.coreos.com/PrometheusRule";

/**
 * What a component lists in `usesCrds` for its monitoring objects: `types` when the cluster runs
 * monitoring (so its Kustomization waits for the CRDs), none when it does not.
 */
export function monitoringTypes(enabled: boolean, ...types: readonly ResourceType[]): ResourceType[] {
  return enabled ? [...types] : [];
}
