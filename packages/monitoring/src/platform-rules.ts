import type { Component } from "@helix-cluster/core";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";
import { NAMESPACE } from "./options.js";

/** Severity of a platform alert; OnCall escalates critical ones immediately. */
export type Severity = "critical" | "warning";

/** One alerting rule of the platform. */
export interface PlatformAlert {
  readonly alert: string;
  readonly expr: string;
  readonly for: string;
  readonly severity: Severity;
  readonly summary: string;
  readonly description: string;
}

/** The runbook of an alert: the heading of its name (lower case) in the runbooks at `baseUrl`. */
export function runbookUrl(baseUrl: string, alert: string): string {
  return `${baseUrl}#${alert.toLowerCase()}`;
}

const FLUX_NOT_READY = [
  // Flux Operator (flux_resource_info), kube-state-metrics custom resource state (gotk_resource_info)
  // and the controllers of Flux < 2.1 (gotk_reconcile_condition): whichever exists in the cluster.
  'max by (exported_namespace, kind, name) (flux_resource_info{ready="False", suspended="false"})',
  'max by (exported_namespace, kind, name) (gotk_resource_info{ready="False", suspended="false"})',
  'max by (exported_namespace, kind, name) (gotk_reconcile_condition{type="Ready", status="False"})',
].join("\nor\n");

/** The platform's alerts, grouped by PrometheusRule. */
export const PLATFORM_ALERTS: Readonly<Record<string, readonly PlatformAlert[]>> = {
  "platform-nodes": [
    {
      alert: "NodeDown",
      expr: 'up{job="node-exporter"} == 0',
      for: "5m",
      severity: "critical",
      summary: "Node {{ $labels.instance }} is down",
      description:
        "node-exporter on {{ $labels.instance }} has not answered for 5 minutes: the node is down or unreachable.",
    },
    {
      alert: "NodeDiskFillingUp",
      expr: [
        'predict_linear(node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs"}[6h], 24 * 3600) < 0',
        'and node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs"} / node_filesystem_size_bytes < 0.25',
        "and node_filesystem_readonly == 0",
      ].join("\n"),
      for: "1h",
      severity: "warning",
      summary: "Disk {{ $labels.mountpoint }} on {{ $labels.instance }} fills up within 24 hours",
      description:
        "At the rate of the last 6 hours, {{ $labels.mountpoint }} on {{ $labels.instance }} is full within a day.",
    },
    {
      alert: "NodeDiskAlmostFull",
      expr: [
        'node_filesystem_avail_bytes{fstype!~"tmpfs|overlay|squashfs|ramfs"} / node_filesystem_size_bytes < 0.05',
        "and node_filesystem_readonly == 0",
      ].join("\n"),
      for: "15m",
      severity: "critical",
      summary: "Disk {{ $labels.mountpoint }} on {{ $labels.instance }} has less than 5% free",
      description:
        "{{ $labels.mountpoint }} on {{ $labels.instance }} has {{ $value | humanizePercentage }} space left.",
    },
  ],
  "platform-workloads": [
    {
      alert: "PodCrashLooping",
      expr: [
        'max_over_time(kube_pod_container_status_waiting_reason{reason="CrashLoopBackOff"}[5m]) >= 1',
        "or increase(kube_pod_container_status_restarts_total[15m]) > 3",
      ].join("\n"),
      for: "10m",
      severity: "warning",
      summary: "Pod {{ $labels.namespace }}/{{ $labels.pod }} is crash-looping",
      description:
        "Container {{ $labels.container }} of {{ $labels.namespace }}/{{ $labels.pod }} keeps restarting.",
    },
  ],
  "platform-flux": [
    {
      alert: "FluxReconciliationFailing",
      expr: FLUX_NOT_READY,
      for: "15m",
      severity: "critical",
      summary: "Flux {{ $labels.kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} is not ready",
      description:
        "{{ $labels.kind }} {{ $labels.exported_namespace }}/{{ $labels.name }} has failed to reconcile for 15 minutes: git no longer describes the cluster.",
    },
    {
      alert: "FluxControllerReconcileErrors",
      expr: 'sum by (namespace, pod, controller) (rate(controller_runtime_reconcile_errors_total{namespace="flux-system"}[10m])) > 0',
      for: "30m",
      severity: "warning",
      summary: "Flux controller {{ $labels.pod }} reports reconcile errors",
      description:
        "{{ $labels.controller }} in {{ $labels.pod }} has been returning reconcile errors for 30 minutes.",
    },
  ],
  "platform-certificates": [
    {
      alert: "CertificateExpiringSoon",
      expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600",
      for: "1h",
      severity: "warning",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 14 days",
      description:
        "cert-manager has not renewed {{ $labels.namespace }}/{{ $labels.name }}; it expires in {{ $value | humanizeDuration }}.",
    },
    {
      alert: "CertificateExpiryImminent",
      expr: "certmanager_certificate_expiration_timestamp_seconds - time() < 3 * 24 * 3600",
      for: "10m",
      severity: "critical",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} expires within 3 days",
      description:
        "{{ $labels.namespace }}/{{ $labels.name }} expires in {{ $value | humanizeDuration }} and is still not renewed.",
    },
    {
      alert: "CertificateNotReady",
      expr: 'max by (namespace, name) (certmanager_certificate_ready_status{condition="False"}) == 1',
      for: "30m",
      severity: "warning",
      summary: "Certificate {{ $labels.namespace }}/{{ $labels.name }} is not ready",
      description:
        "cert-manager cannot issue {{ $labels.namespace }}/{{ $labels.name }}; check its CertificateRequest and Order.",
    },
  ],
  "platform-backups": [
    {
      alert: "VeleroBackupFailed",
      expr: "increase(velero_backup_failure_total[1h]) > 0",
      for: "0m",
      severity: "critical",
      summary: "Velero backup of schedule {{ $labels.schedule }} failed",
      description: "A backup of schedule {{ $labels.schedule }} failed in the last hour.",
    },
    {
      alert: "VeleroBackupPartiallyFailed",
      expr: "increase(velero_backup_partial_failure_total[1h]) > 0",
      for: "0m",
      severity: "warning",
      summary: "Velero backup of schedule {{ $labels.schedule }} partially failed",
      description: "A backup of schedule {{ $labels.schedule }} finished with errors in the last hour.",
    },
    {
      alert: "VeleroNoRecentBackup",
      expr: 'time() - velero_backup_last_successful_timestamp{schedule!=""} > 26 * 3600',
      for: "15m",
      severity: "critical",
      summary: "No successful Velero backup of {{ $labels.schedule }} for 26 hours",
      description:
        "The last successful backup of schedule {{ $labels.schedule }} is older than a day: a daily backup was missed.",
    },
  ],
};

/**
 * The PrometheusRule objects of the platform alerts, each rule with a severity, and a runbook link
 * when a runbook base URL is given.
 */
export function platformRuleObjects(runbookBaseUrl: string | undefined): PrometheusRule[] {
  return Object.entries(PLATFORM_ALERTS).map(
    ([name, alerts]) =>
      new PrometheusRule({
        metadata: { name, namespace: NAMESPACE, labels: { "app.kubernetes.io/part-of": "platform-rules" } },
        spec: {
          groups: [
            {
              name,
              rules: alerts.map((a) => ({
                alert: a.alert,
                expr: a.expr,
                ...(a.for === "0m" ? {} : { for: a.for }),
                labels: { severity: a.severity },
                annotations: {
                  summary: a.summary,
                  description: a.description,
                  ...(runbookBaseUrl === undefined
                    ? {}
                    : { runbook_url: runbookUrl(runbookBaseUrl, a.alert) }),
                },
              })),
            },
          ],
        },
      }),
  );
}

/** The platform's alert rules: a separate component, since it creates objects of the operator's CRDs. */
export function platformRules(runbookBaseUrl: string | undefined): Component {
  return { name: "platform-rules", namespace: NAMESPACE, objects: platformRuleObjects(runbookBaseUrl) };
}
