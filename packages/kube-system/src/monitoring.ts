import {
  type BuildContext,
  monitoringIntegration as coreMonitoringIntegration,
  type Integration,
  type ResourceType,
} from "@helix-cluster/core";
import type { KubeSystemOptions } from "./options.js";

/** Namespace Grafana's sidecar reads dashboard ConfigMaps from, unless the options name another. */
export const DEFAULT_DASHBOARDS_NAMESPACE = "monitoring";

/** The namespace the charts put their Grafana dashboard ConfigMaps in. */
export function dashboardsNamespace(opts: KubeSystemOptions): string {
  return opts.dashboardsNamespace ?? DEFAULT_DASHBOARDS_NAMESPACE;
}

/**
 * The monitoring integration of one component: its ServiceMonitors, PodMonitors, PrometheusRules
 * (the `types` it renders) and, with `dashboards`, its Grafana dashboard ConfigMaps, which need
 * their namespace. On when the cluster has all of them, or as the `monitoring` option says.
 */
export function monitoringIntegration(
  context: BuildContext,
  opts: KubeSystemOptions,
  types: readonly ResourceType[],
  dashboards = false,
): Integration {
  const namespaces = dashboards ? [dashboardsNamespace(opts)] : [];
  return coreMonitoringIntegration(context, { option: opts.monitoring, types, namespaces });
}
