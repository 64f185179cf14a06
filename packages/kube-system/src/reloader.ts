import {
  type Component,
  containerResources,
  helmComponent,
  type Integration,
  POD_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { reloaderValuesSchema } from "./generated/values/reloader-2.2.16.js";
import { KUBE_SYSTEM_NAMESPACE, type ReloaderOptions } from "./options.js";

/**
 * Stakater Reloader watching every namespace. The "annotations" strategy bumps a pod-template
 * annotation (not an env var), the change GitOps tools tolerate best. reloadOnCreate stays off: with
 * HA, a new leader would otherwise roll every tracked workload after each failover.
 */
export function reloader(opts: ReloaderOptions, monitoring: Integration): Component {
  const replicas = opts.replicas ?? 2;
  return helmComponent({
    name: "reloader",
    namespace: KUBE_SYSTEM_NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/stakater/charts/reloader
    chart: { oci: "oci://ghcr.io/stakater/charts/reloader", version: "2.2.16" },
    valuesSchema: reloaderValuesSchema,
    usesCrds: typesWhenEnabled(monitoring, POD_MONITOR),
    integrations: [monitoring],
    values: {
      fullnameOverride: "reloader",
      reloader: {
        watchGlobally: true,
        reloadStrategy: "annotations",
        enableHA: replicas > 1,
        readOnlyRootFileSystem: true,
        logFormat: "json",
        deployment: {
          replicas,
          resources: containerResources("10m", "128Mi", "512Mi"),
        },
        podDisruptionBudget: { enabled: replicas > 1, minAvailable: 1 },
        podMonitor: { enabled: monitoring.enabled },
      },
    },
  });
}
