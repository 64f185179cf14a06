import {
  type BuildContext,
  type Integration,
  resolveIntegration,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import type { NetworkOptions } from "./options.js";

/**
 * The monitoring integration of a network component: its ServiceMonitor, on when the cluster
 * installs the Prometheus Operator's ServiceMonitor CRD (or as the `monitoring` option says).
 */
export function monitoringIntegration(context: BuildContext, opts: NetworkOptions): Integration {
  return resolveIntegration(context, {
    name: "monitoring",
    option: opts.monitoring,
    optionPath: "monitoring",
    needs: { types: [SERVICE_MONITOR] },
    addHint: "@helix-cluster/monitoring",
  });
}
