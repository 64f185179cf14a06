import type { BuildContext } from "./build-context.js";
import { type Integration, type IntegrationOption, resolveIntegration } from "./integration.js";
import type { ResourceType } from "./kube-object.js";

/*
 * The Prometheus Operator types that charts of every package create for their own metrics; the
 * monitoring package installs their CRDs. Shared here so packages name them without importing it.
 */

/** `monitoring.coreos.com/ServiceMonitor`. */
export const SERVICE_MONITOR: ResourceType = "monitoring.coreos.com/ServiceMonitor";
/** `monitoring.coreos.com/PodMonitor`. */
export const POD_MONITOR: ResourceType = "monitoring.coreos.com/PodMonitor";
/** `monitoring.coreos.com/PrometheusRule`. */
export const PROMETHEUS_RULE: ResourceType = "monitoring.coreos.com/PrometheusRule";

/**
 * What a component lists in `usesCrds` for its monitoring objects: `types` when the cluster runs
 * monitoring (so its Kustomization waits for the CRDs), none when it does not.
 */
export function monitoringTypes(enabled: boolean, ...types: readonly ResourceType[]): ResourceType[] {
  return enabled ? [...types] : [];
}

/** A component's monitoring integration: its option and the monitoring objects it renders. */
export interface MonitoringIntegrationRequest {
  /** The option the cluster passed. @default "auto" */
  readonly option?: IntegrationOption;
  /** Option path that switches it, for the message. @default "monitoring" */
  readonly optionPath?: string;
  /** The Prometheus Operator types it renders (SERVICE_MONITOR, POD_MONITOR, PROMETHEUS_RULE). */
  readonly types: readonly ResourceType[];
  /** Namespaces its monitoring objects go into beyond its own (Grafana dashboards). @default [] */
  readonly namespaces?: readonly string[];
}

/**
 * The "monitoring" integration every package's charts share: on ("auto") when the cluster installs
 * the CRDs of `types` (and has `namespaces`); set to `true` without them, validation asks for the
 * monitoring package.
 */
export function monitoringIntegration(
  context: BuildContext,
  request: MonitoringIntegrationRequest,
): Integration {
  return resolveIntegration(context, {
    name: "monitoring",
    option: request.option,
    optionPath: request.optionPath ?? "monitoring",
    needs: { types: request.types, namespaces: request.namespaces ?? [] },
    addHint: "@helix-cluster/monitoring",
  });
}
