import type { ResourceType } from "@helix-cluster/core";

/** Container resources: core's builder (requests, a memory limit, no CPU limit). */
export { type ContainerResources, containerResources as resources } from "@helix-cluster/core";

/** Prometheus Operator types the charts create when monitoring is on (installed by the monitoring package). */
export const MONITORING_CRDS: readonly ResourceType[] = [
  "monitoring.coreos.com/PodMonitor",
  "monitoring.coreos.com/PrometheusRule",
  "monitoring.coreos.com/ServiceMonitor",
];

/** The monitoring types a chart uses, or none when monitoring is off. */
export function monitoringCrds(enabled: boolean, ...types: readonly ResourceType[]): readonly ResourceType[] {
  return enabled ? types : [];
}
