import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  monitoringTypes,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import type { CertManagerValues } from "@helix-cluster/core/values";
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

/** The cert-manager chart: controller, webhook and cainjector, highly available, CRDs kept on uninstall. */
export function certManagerChart(_settings: ClusterSettings, opts: CertManagerOptions): Component {
  const replicas = opts.replicas ?? 2;
  // The chart reads minAvailable only for an enabled budget.
  const pdb = replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false };
  const monitors = opts.serviceMonitors ?? true;
  return helmComponent<CertManagerValues>({
    name: "cert-manager",
    namespace: CERT_MANAGER_NAMESPACE,
    // renovate: datasource=docker depName=quay.io/jetstack/charts/cert-manager
    chart: { oci: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.21.1" },
    installsCrds: CERT_MANAGER_CRDS,
    usesCrds: monitoringTypes(monitors, SERVICE_MONITOR),
    values: {
      crds: { enabled: true, keep: true },
      replicaCount: replicas,
      podDisruptionBudget: pdb,
      resources: containerResources("25m", "128Mi"),
      // Ask public resolvers, not the in-cluster split-horizon DNS, whether the TXT record propagated.
      dns01RecursiveNameservers: "1.1.1.1:53,1.0.0.1:53",
      dns01RecursiveNameserversOnly: true,
      // The metrics endpoint alone is never scraped: the expiry alerts need the ServiceMonitor.
      prometheus: { enabled: true, servicemonitor: { enabled: monitors } },
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
