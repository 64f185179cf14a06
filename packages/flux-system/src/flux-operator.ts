import {
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
  type Integration,
  SERVICE_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { FLUX_SYSTEM_NAMESPACE } from "./options.js";

/**
 * Values of the flux-operator chart we set. Hand-written from the chart's documented values: its
 * values schema is AGPL-3.0, so no types are generated from it.
 */
export interface FluxOperatorValues {
  /** Install the operator's CRDs (FluxInstance, FluxReport, ResourceSet, ResourceSetInputProvider). */
  readonly installCRDs?: boolean;
  readonly logLevel?: "debug" | "info" | "error";
  readonly resources?: ContainerResources;
  readonly priorityClassName?: string;
  readonly serviceMonitor?: { readonly create?: boolean; readonly interval?: string };
}

// renovate: datasource=docker depName=ghcr.io/controlplaneio-fluxcd/charts/flux-operator
export const FLUX_OPERATOR_VERSION = "0.58.1";

/** Resource types whose CRDs the flux-operator chart installs. */
export const FLUX_OPERATOR_CRDS = [
  "fluxcd.controlplane.io/FluxInstance",
  "fluxcd.controlplane.io/FluxReport",
  "fluxcd.controlplane.io/ResourceSet",
  "fluxcd.controlplane.io/ResourceSetInputProvider",
] as const;

/**
 * The Flux Operator: installs, configures and upgrades the Flux controllers from the FluxInstance.
 * We only deploy it (AGPL-3.0 software run unmodified).
 */
export function fluxOperator(monitoring: Integration, flagger: Integration): Component {
  const monitors = monitoring.enabled;
  return helmComponent<FluxOperatorValues>({
    name: "flux-operator",
    namespace: FLUX_SYSTEM_NAMESPACE,
    chart: {
      oci: "oci://ghcr.io/controlplaneio-fluxcd/charts/flux-operator",
      version: FLUX_OPERATOR_VERSION,
    },
    installsCrds: FLUX_OPERATOR_CRDS,
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    chartCheck: {
      exception: `the upstream chart data has flux-operator 0.49.0 only: the ${FLUX_OPERATOR_VERSION} chart sources are not published in the snapshot it was built from`,
    },
    // Flagger's switch is listed here too: when it is off, no Flagger component records it.
    integrations: flagger.enabled ? [monitoring] : [monitoring, flagger],
    values: {
      installCRDs: true,
      logLevel: "info",
      resources: containerResources("50m", "96Mi", "512Mi"),
      // Flux itself depends on this pod: never preempt it for app workloads.
      priorityClassName: "system-cluster-critical",
      serviceMonitor: { create: monitors, interval: "60s" },
    },
  });
}
