/** Container resources as the charts take them: requests for scheduling, a memory limit against leaks. */
// A type alias, not an interface: generated values types take `{ [k: string]: unknown }`.
export type Resources = {
  readonly requests: { readonly cpu: string; readonly memory: string };
  readonly limits: { readonly memory: string };
};

/** Requests of `cpu` and `memory`, and a memory limit (by default equal to the request). */
export function resources(cpu: string, memory: string, memoryLimit: string = memory): Resources {
  return { requests: { cpu, memory }, limits: { memory: memoryLimit } };
}
