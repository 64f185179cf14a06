/** Container resources as the charts take them: core's builder (requests, a memory limit). */
export { type ContainerResources as Resources, containerResources as resources } from "@helix-cluster/core";
