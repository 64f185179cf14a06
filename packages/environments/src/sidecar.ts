import { Sidecar } from "@kubernetes-models/istio/networking.istio.io/v1/Sidecar";

/**
 * The namespace-wide Sidecar: each proxy only receives the configuration of the namespaces it may
 * reach (the same set the network policies open), which keeps Envoy's memory flat as the mesh grows.
 */
export function sidecarScope(namespace: string, reachable: readonly string[]): Sidecar {
  return new Sidecar({
    metadata: { name: "default", namespace },
    spec: { egress: [{ hosts: ["./*", ...[...new Set(reachable)].sort().map((ns) => `${ns}/*`)] }] },
  });
}
