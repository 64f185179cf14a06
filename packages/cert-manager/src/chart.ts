import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  monitoringIntegration,
  SERVICE_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { certManagerValuesSchema } from "./generated/values/cert-manager-v1.21.1.js";
import { CERT_MANAGER_NAMESPACE, type CertManagerOptions } from "./options.js";

/** Resource types whose CRDs the chart installs (crds.enabled). */
export const CERT_MANAGER_CRDS = [
  "acme.cert-manager.io/Challenge",
  "acme.cert-manager.io/Order",
  "cert-manager.io/Certificate",
  "cert-manager.io/CertificateRequest",
  "cert-manager.io/ClusterIssuer",
  "cert-manager.io/Issuer",
] as const;

/**
 * The cert-manager chart: controller, webhook and cainjector, highly available, CRDs kept on
 * uninstall; a ServiceMonitor when the monitoring integration is on.
 */
export function certManagerChart(
  _settings: ClusterSettings,
  opts: CertManagerOptions,
  context: BuildContext,
): Component {
  const replicas = opts.replicas ?? 2;
  // The chart reads minAvailable only for an enabled budget.
  const pdb = replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false };
  const monitoring = monitoringIntegration(context, { option: opts.monitoring, types: [SERVICE_MONITOR] });
  const resolvers = opts.dns01RecursiveNameservers ?? [];
  return helmComponent({
    name: "cert-manager",
    namespace: CERT_MANAGER_NAMESPACE,
    // renovate: datasource=docker depName=quay.io/jetstack/charts/cert-manager
    chart: { oci: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.21.1" },
    valuesSchema: certManagerValuesSchema,
    installsCrds: CERT_MANAGER_CRDS,
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    integrations: [monitoring],
    values: {
      crds: { enabled: true, keep: true },
      replicaCount: replicas,
      podDisruptionBudget: pdb,
      resources: containerResources("25m", "128Mi"),
      // Only the resolvers given, e.g. public ones when the in-cluster DNS is split-horizon.
      ...(resolvers.length === 0
        ? {}
        : { dns01RecursiveNameservers: resolvers.join(","), dns01RecursiveNameserversOnly: true }),
      // The metrics endpoint alone is never scraped: the expiry alerts need the ServiceMonitor.
      prometheus: { enabled: true, servicemonitor: { enabled: monitoring.enabled } },
      webhook: {
        replicaCount: replicas,
        podDisruptionBudget: pdb,
        resources: containerResources("10m", "64Mi"),
      },
      cainjector: {
        replicaCount: replicas,
        podDisruptionBudget: pdb,
        resources: containerResources("10m", "128Mi"),
      },
      startupapicheck: { resources: containerResources("10m", "64Mi") },
    },
  });
}
