import {
  type BuildContext,
  endpointHost,
  type Integration,
  OTLP_GRPC,
  resolveIntegration,
} from "@helix-cluster/core";
import type { IstioSystemOptions } from "./options.js";

/** Default OTLP gRPC port. */
const OTLP_GRPC_PORT = 4317;

/** The mesh's tracing: whether it is on, and where traces go when it is. */
export interface MeshTracing {
  readonly integration: Integration;
  /** The OTLP gRPC endpoint (with host in the cluster's domain); undefined when tracing is off. */
  readonly target?: { readonly service: string; readonly port: number };
}

/**
 * Resolves the tracing integration: the OTLP_GRPC endpoint a component of the cluster provides,
 * else the explicit `telemetry.otlpEndpoint`; off with `telemetry.tracing: false` or a 0 % sample.
 */
export function meshTracingOf(context: BuildContext, opts: IstioSystemOptions): MeshTracing {
  const t = opts.telemetry ?? {};
  const explicit = t.otlpEndpoint;
  const sampling = t.tracingSamplingPercentage ?? 1;
  const [provided] = context.provided(OTLP_GRPC);
  if (t.tracing !== false && sampling > 0 && provided === undefined && explicit !== undefined) {
    return {
      integration: {
        name: "tracing",
        enabled: true,
        reason: "on: option telemetry.otlpEndpoint is set",
        missing: [],
      },
      target: {
        service: endpointHost(explicit, context.clusterDomain),
        port: explicit.port ?? OTLP_GRPC_PORT,
      },
    };
  }
  const integration = resolveIntegration(context, {
    name: "tracing",
    option: sampling > 0 ? t.tracing : false,
    optionPath: sampling > 0 ? "telemetry.tracing" : "telemetry.tracingSamplingPercentage",
    needs: { contracts: [OTLP_GRPC] },
    addHint: "@helix-cluster/monitoring (or set telemetry.otlpEndpoint)",
  });
  // Not a `uses`: istiod must not wait for the collector; traces are best effort.
  if (!integration.enabled || provided === undefined) return { integration };
  return {
    integration,
    target: { service: endpointHost(provided, context.clusterDomain), port: provided.port },
  };
}
