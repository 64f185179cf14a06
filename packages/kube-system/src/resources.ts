import type { ResourceType } from "@helix-cluster/core";

/**
 * Container resources: CPU and memory requested, memory capped (no CPU limit: throttling hurts latency
 * more than a noisy neighbour does). A type alias, so it fits the generated values' index signatures.
 */
export type ContainerResources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
};

/** Resources of one container: a CPU and memory request and a memory limit. */
export function resources(cpu: string, memory: string, memoryLimit: string): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

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
