import { endpointHost } from "@helix-cluster/core";
import { NAMESPACE } from "./options.js";

/** Fully qualified DNS name of a Service of the monitoring namespace in a cluster with this domain. */
export function serviceHost(name: string, clusterDomain: string): string {
  return endpointHost({ namespace: NAMESPACE, service: name }, clusterDomain);
}
