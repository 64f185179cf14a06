import { type ClusterSettings, type Component, helmComponent } from "@helix-cluster/core";
import { ISTIO_NAMESPACE, type IstioSystemOptions } from "./options.js";
import { istioChart } from "./version.js";

/** Values of the Istio base chart we set (no values schema upstream), from its values.yaml. */
export interface IstioBaseValues {
  readonly base?: {
    /** Render the CRDs as templates, so that `helm upgrade` (and Flux) upgrades them too. */
    readonly enableCRDTemplates?: boolean;
  };
  /** Revision the default validating webhook points at. */
  readonly defaultRevision?: string;
  readonly global?: { readonly istioNamespace?: string };
}

/** Resource types whose CRDs the base chart installs (all 15 Istio CRDs of the release). */
export const ISTIO_CRDS = [
  "extensions.istio.io/TrafficExtension",
  "extensions.istio.io/WasmPlugin",
  "networking.istio.io/DestinationRule",
  "networking.istio.io/EnvoyFilter",
  "networking.istio.io/Gateway",
  "networking.istio.io/ProxyConfig",
  "networking.istio.io/ServiceEntry",
  "networking.istio.io/Sidecar",
  "networking.istio.io/VirtualService",
  "networking.istio.io/WorkloadEntry",
  "networking.istio.io/WorkloadGroup",
  "security.istio.io/AuthorizationPolicy",
  "security.istio.io/PeerAuthentication",
  "security.istio.io/RequestAuthentication",
  "telemetry.istio.io/Telemetry",
] as const;

/** Istio base: the CRDs and the cluster-wide validation webhook every other Istio piece needs. */
export function istioBase(_settings: ClusterSettings, _opts: IstioSystemOptions): Component {
  return helmComponent<IstioBaseValues>({
    name: "istio-base",
    namespace: ISTIO_NAMESPACE,
    chart: istioChart("base"),
    installsCrds: ISTIO_CRDS,
    values: {
      base: { enableCRDTemplates: true },
      defaultRevision: "default",
      global: { istioNamespace: ISTIO_NAMESPACE },
    },
  });
}
