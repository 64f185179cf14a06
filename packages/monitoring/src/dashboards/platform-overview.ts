import { dashboardModel } from "./panels.js";

/** "Platform overview": is the cluster healthy, and is the observability pipeline taking data in? */
export function platformOverviewDashboard(): Record<string, unknown> {
  return dashboardModel({
    uid: "platform-overview",
    title: "Platform overview",
    description:
      "Health of the Helix AI platform: nodes, workloads, GitOps, certificates, backups and telemetry intake.",
    tags: ["platform", "helix"],
    panels: [
      {
        title: "Nodes ready",
        type: "stat",
        gridPos: { x: 0, y: 0, w: 4, h: 4 },
        queries: [
          { expr: 'sum(kube_node_status_condition{condition="Ready", status="true"})', instant: true },
        ],
      },
      {
        title: "Critical alerts firing",
        type: "stat",
        gridPos: { x: 4, y: 0, w: 4, h: 4 },
        redAbove: 1,
        queries: [
          { expr: 'count(ALERTS{alertstate="firing", severity="critical"}) or vector(0)', instant: true },
        ],
      },
      {
        title: "Pods not running",
        type: "stat",
        gridPos: { x: 8, y: 0, w: 4, h: 4 },
        redAbove: 1,
        queries: [
          {
            expr: 'sum(kube_pod_status_phase{phase=~"Pending|Failed|Unknown"}) or vector(0)',
            instant: true,
          },
        ],
      },
      {
        title: "Flux resources not ready",
        type: "stat",
        gridPos: { x: 12, y: 0, w: 4, h: 4 },
        redAbove: 1,
        queries: [{ expr: 'count(flux_resource_info{ready="False"}) or vector(0)', instant: true }],
      },
      {
        title: "Certificates expiring < 14 d",
        type: "stat",
        gridPos: { x: 16, y: 0, w: 4, h: 4 },
        redAbove: 1,
        queries: [
          {
            expr: "count(certmanager_certificate_expiration_timestamp_seconds - time() < 14 * 24 * 3600) or vector(0)",
            instant: true,
          },
        ],
      },
      {
        title: "Hours since last backup",
        type: "stat",
        gridPos: { x: 20, y: 0, w: 4, h: 4 },
        unit: "h",
        redAbove: 26,
        queries: [
          {
            expr: '(time() - max(velero_backup_last_successful_timestamp{schedule!=""})) / 3600',
            instant: true,
          },
        ],
      },
      {
        title: "CPU usage by node",
        type: "timeseries",
        gridPos: { x: 0, y: 4, w: 12, h: 8 },
        unit: "percentunit",
        queries: [
          {
            expr: '1 - avg by (instance) (rate(node_cpu_seconds_total{mode="idle"}[5m]))',
            legend: "{{instance}}",
          },
        ],
      },
      {
        title: "Memory usage by node",
        type: "timeseries",
        gridPos: { x: 12, y: 4, w: 12, h: 8 },
        unit: "percentunit",
        queries: [
          {
            expr: "1 - node_memory_MemAvailable_bytes / node_memory_MemTotal_bytes",
            legend: "{{instance}}",
          },
        ],
      },
      {
        title: "Root filesystem usage",
        type: "timeseries",
        gridPos: { x: 0, y: 12, w: 12, h: 8 },
        unit: "percentunit",
        queries: [
          {
            expr: '1 - node_filesystem_avail_bytes{mountpoint="/"} / node_filesystem_size_bytes{mountpoint="/"}',
            legend: "{{instance}}",
          },
        ],
      },
      {
        title: "Telemetry intake",
        type: "timeseries",
        gridPos: { x: 12, y: 12, w: 12, h: 8 },
        unit: "short",
        description: "Samples into Mimir, log lines into Loki and spans into Tempo, per second.",
        queries: [
          { expr: "sum(rate(cortex_distributor_received_samples_total[5m]))", legend: "metric samples/s" },
          { expr: "sum(rate(loki_distributor_lines_received_total[5m]))", legend: "log lines/s" },
          { expr: "sum(rate(tempo_distributor_spans_received_total[5m]))", legend: "spans/s" },
        ],
      },
    ],
  });
}
