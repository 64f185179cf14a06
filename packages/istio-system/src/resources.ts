/** Container resources as the Istio charts take them. */
export interface ContainerResources {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string; readonly cpu?: string };
}

/** Requests and a memory limit (no CPU limit: proxies and istiod must not be throttled). */
export function resources(cpu: string, memory: string, memoryLimit: string): ContainerResources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
