/**
 * Container resources as the platform sets them: CPU and memory requested, memory limited, no CPU
 * limit (throttling hurts latency more than a noisy neighbour does). A type alias, not an interface,
 * so it fits the generated chart values types' index signatures.
 */
export type ContainerResources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
};

/** Requests `cpu` and `memory`, limits memory to `memoryLimit` (default: the request). */
export function containerResources(
  cpu: string,
  memory: string,
  memoryLimit: string = memory,
): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
