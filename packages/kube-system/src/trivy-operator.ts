import {
  type ChartContainerResources,
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
  type Integration,
  SERVICE_MONITOR,
  typesWhenEnabled,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import { KUBE_SYSTEM_NAMESPACE, type TrivyOperatorOptions } from "./options.js";

/** Report types whose CRDs the chart installs (all written by the operator, none by us). */
export const TRIVY_OPERATOR_CRDS = [
  "aquasecurity.github.io/ClusterComplianceReport",
  "aquasecurity.github.io/ClusterConfigAuditReport",
  "aquasecurity.github.io/ClusterInfraAssessmentReport",
  "aquasecurity.github.io/ClusterRbacAssessmentReport",
  "aquasecurity.github.io/ClusterSbomReport",
  "aquasecurity.github.io/ClusterVulnerabilityReport",
  "aquasecurity.github.io/ConfigAuditReport",
  "aquasecurity.github.io/ExposedSecretReport",
  "aquasecurity.github.io/InfraAssessmentReport",
  "aquasecurity.github.io/RbacAssessmentReport",
  "aquasecurity.github.io/SbomReport",
  "aquasecurity.github.io/VulnerabilityReport",
] as const;

/** Values of the trivy-operator chart 0.34.0 that this package sets (the chart ships no values schema). */
export interface TrivyOperatorValues {
  readonly operator?: {
    readonly replicas?: number;
    readonly scanJobsConcurrentLimit?: number;
    readonly scanJobTimeout?: string;
    /** Delete finished scan jobs after this long. */
    readonly scanJobTTL?: string;
    /** Run the chart's Trivy server (ClientServer mode) instead of a DB download per scan job. */
    readonly builtInTrivyServer?: boolean;
    readonly vulnerabilityScannerScanOnlyCurrentRevisions?: boolean;
    readonly configAuditScannerScanOnlyCurrentRevisions?: boolean;
    readonly metricsVulnIdEnabled?: boolean;
  };
  readonly trivy?: {
    /** ContainerResources of every scan job container. */
    readonly resources?: ContainerResources;
    /** PVC (true) or emptyDir (false) for the Trivy server's DB cache. */
    readonly storageClassEnabled?: boolean;
    readonly server?: { readonly replicas?: number; readonly resources?: ChartContainerResources };
  };
  readonly resources?: ContainerResources;
  readonly serviceMonitor?: { readonly enabled?: boolean; readonly interval?: string };
}

/**
 * Trivy Operator in client/server mode: one Trivy server keeps the vulnerability DB and scan jobs
 * only ask it, so a rescan wave does not pull the ~500 MB DB once per job (nor hit the registry's
 * rate limits). Its cache is an emptyDir: the DB is re-downloaded after a restart anyway.
 */
export function trivyOperator(opts: TrivyOperatorOptions, monitoring: Integration): Component {
  return helmComponent<TrivyOperatorValues>({
    name: "trivy-operator",
    namespace: KUBE_SYSTEM_NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/aquasecurity/helm-charts/trivy-operator
    chart: { oci: "oci://ghcr.io/aquasecurity/helm-charts/trivy-operator", version: "0.34.0" },
    installsCrds: TRIVY_OPERATOR_CRDS,
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    integrations: [monitoring],
    values: {
      operator: {
        replicas: 1,
        scanJobsConcurrentLimit: opts.concurrentScanJobs ?? 3,
        scanJobTimeout: opts.scanJobTimeout ?? "10m",
        scanJobTTL: "10m",
        builtInTrivyServer: true,
        vulnerabilityScannerScanOnlyCurrentRevisions: true,
        configAuditScannerScanOnlyCurrentRevisions: true,
        // One series per CVE would explode Prometheus' cardinality; the reports keep the detail.
        metricsVulnIdEnabled: false,
      },
      trivy: {
        resources: containerResources("100m", "256Mi", opts.scanJobMemoryLimit ?? "1Gi"),
        storageClassEnabled: false,
        // The chart's default limits the server's CPU at 1 core: no CPU limits on the platform.
        server: { replicas: 1, resources: withoutChartCpuLimit(containerResources("200m", "512Mi", "1Gi")) },
      },
      resources: containerResources("50m", "256Mi", "1Gi"),
      serviceMonitor: { enabled: monitoring.enabled, interval: "5m" },
    },
  });
}
