import type { ClusterSettings, Component } from "@helix-cluster/core";
import { PeerAuthentication } from "@kubernetes-models/istio/security.istio.io/v1/PeerAuthentication";
import { Telemetry } from "@kubernetes-models/istio/telemetry.istio.io/v1/Telemetry";
import { ISTIO_NAMESPACE, type IstioSystemOptions, OTEL_TRACING_PROVIDER } from "./options.js";
import type { MeshTracing } from "./tracing.js";

/**
 * Mesh-wide STRICT mutual TLS: a PeerAuthentication named "default" in the root namespace applies
 * to every workload of the mesh; sidecars then refuse plaintext.
 */
export function strictMtls(): PeerAuthentication {
  return new PeerAuthentication({
    metadata: { name: "default", namespace: ISTIO_NAMESPACE },
    spec: { mtls: { mode: "STRICT" } },
  });
}

/** Mesh-wide tracing to the OTLP provider declared in the mesh config, at the given sampling rate. */
export function meshTracing(samplingPercentage: number): Telemetry {
  return new Telemetry({
    metadata: { name: "mesh-default", namespace: ISTIO_NAMESPACE },
    spec: {
      tracing: [
        { providers: [{ name: OTEL_TRACING_PROVIDER }], randomSamplingPercentage: samplingPercentage },
      ],
    },
  });
}

/**
 * The mesh policies: STRICT mTLS, and tracing when it is on. They need the CRDs (derived dependency
 * on istio-base) and istiod up, whose webhook validates them.
 */
export function istioMeshPolicy(
  _settings: ClusterSettings,
  opts: IstioSystemOptions,
  tracing: MeshTracing,
): Component {
  const sampling = opts.telemetry?.tracingSamplingPercentage ?? 1;
  return {
    name: "istio-mesh-policy",
    namespace: ISTIO_NAMESPACE,
    objects: [strictMtls(), ...(tracing.target ? [meshTracing(sampling)] : [])],
    kustomization: { dependsOn: ["istiod"] },
  };
}
