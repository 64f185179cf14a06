import { type Component, helmComponent } from "@helix-cluster/core";
import { NAMESPACE } from "./options.js";
import type { PrometheusOperatorCrdsValues } from "./values/prometheus-operator-crds.js";

/** The monitoring.coreos.com resource types (prometheus-operator v0.93.1) this component installs. */
export const PROMETHEUS_OPERATOR_CRDS = [
  "monitoring.coreos.com/Alertmanager",
  "monitoring.coreos.com/AlertmanagerConfig",
  "monitoring.coreos.com/PodMonitor",
  "monitoring.coreos.com/Probe",
  "monitoring.coreos.com/Prometheus",
  "monitoring.coreos.com/PrometheusAgent",
  "monitoring.coreos.com/PrometheusRule",
  "monitoring.coreos.com/ScrapeConfig",
  "monitoring.coreos.com/ServiceMonitor",
  "monitoring.coreos.com/ThanosRuler",
] as const;

/**
 * The prometheus-operator CRDs on their own: every package's ServiceMonitors and PrometheusRules
 * depend on this small component only, never on the whole Prometheus stack, so there is no cycle.
 */
export function prometheusOperatorCrds(): Component {
  return helmComponent<PrometheusOperatorCrdsValues>({
    name: "prometheus-operator-crds",
    namespace: NAMESPACE,
    // Chart 31.0.1 carries the CRDs of prometheus-operator v0.93.1, the operator of kube-prometheus-stack 88.5.3.
    // renovate: datasource=docker depName=ghcr.io/prometheus-community/charts/prometheus-operator-crds
    chart: { oci: "oci://ghcr.io/prometheus-community/charts/prometheus-operator-crds", version: "31.0.1" },
    installsCrds: PROMETHEUS_OPERATOR_CRDS,
    // Keep the CRDs (and every object of them) if the release is ever removed.
    values: { crds: { annotations: { "helm.sh/resource-policy": "keep" } } },
  });
}
