import type { ClusterSettings } from "./cluster-settings.js";

/** Kubernetes' default DNS domain of in-cluster Service names. */
export const DEFAULT_CLUSTER_DOMAIN = "cluster.local";

/** The DNS domain of in-cluster Service names: `settings.clusterDomain`, else "cluster.local". */
export function clusterDomainOf(settings: Pick<ClusterSettings, "clusterDomain">): string {
  return settings.clusterDomain ?? DEFAULT_CLUSTER_DOMAIN;
}
