/** Container resources: core's builder (requests, a memory limit, no CPU limit). */
export { type ContainerResources, containerResources as resources } from "@helix-cluster/core";
