/**
 * Container resources as the platform sets them: CPU and memory requested, memory limited, no CPU
 * limit (throttling hurts latency more than a noisy neighbour does). A type alias, not an interface,
 * so it fits the generated chart values types' index signatures.
 */
export type ContainerResources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
};

/**
 * Container resources for a chart whose defaults set a CPU limit: ours, plus `limits.cpu: null`,
 * which deletes the chart's CPU limit (Helm removes a key the values set to null when it merges
 * them over the chart's defaults). Only for chart values: a manifest takes {@link ContainerResources}.
 */
export type ChartContainerResources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string; readonly cpu: null };
};

/** Requests `cpu` and `memory`, limits memory to `memoryLimit` (default: the request). */
export function containerResources(
  cpu: string,
  memory: string,
  memoryLimit: string = memory,
): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}

/**
 * `resources` for a chart value, also deleting the CPU limit the chart's defaults set, e.g.
 * `withoutChartCpuLimit(containerResources("50m", "64Mi"))` where the chart's values.yaml has
 * `limits: { cpu: 100m }`. The chart check proves the key is read (the limit is gone).
 */
export function withoutChartCpuLimit(resources: ContainerResources): ChartContainerResources {
  return { requests: resources.requests, limits: { ...resources.limits, cpu: null } };
}
