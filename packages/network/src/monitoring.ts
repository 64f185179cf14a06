import {
  type BuildContext,
  monitoringIntegration as coreMonitoringIntegration,
  type Integration,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import type { NetworkOptions } from "./options.js";

/**
 * The monitoring integration of a network component: its ServiceMonitor, on when the cluster
 * installs the Prometheus Operator's ServiceMonitor CRD (or as the `monitoring` option says).
 */
export function monitoringIntegration(context: BuildContext, opts: NetworkOptions): Integration {
  return coreMonitoringIntegration(context, { option: opts.monitoring, types: [SERVICE_MONITOR] });
}
