/*
 * In-cluster addresses of the Helix monitoring package's Services, from before typed contracts.
 * Deprecated: the monitoring package provides its endpoints as handles (PROMETHEUS_API, LOKI_PUSH,
 * OTLP_GRPC…) and consumers read them with `context.provided(…)`, formatted with the cluster
 * domain; these constants go once no package reads them.
 */

/** @deprecated Read the namespace from a handle the monitoring package provides (`context.provided(PROMETHEUS_API)`). */
export const MONITORING_NAMESPACE = "monitoring";

const svc = (name: string, port: number, path = ""): string =>
  `http://${name}.${MONITORING_NAMESPACE}.svc.cluster.local:${port}${path}`;

/** @deprecated Use the handles the monitoring package provides: `context.provided(PROMETHEUS_API)`, `context.url(handle)`. */
export const platformEndpoints = {
  /** Prometheus HTTP API. */
  prometheus: svc("prometheus", 9090),
  /** Alertmanager API (v2), for alert senders such as Falcosidekick. */
  alertmanager: svc("alertmanager", 9093),
  /** Loki push API, for log senders. */
  lokiPush: svc("loki-gateway", 80, "/loki/api/v1/push"),
  /** Loki query base URL. */
  loki: svc("loki-gateway", 80),
  /** Mimir Prometheus remote-write endpoint. */
  mimirRemoteWrite: svc("mimir-gateway", 80, "/api/v1/push"),
  /** Mimir Prometheus-compatible query base URL. */
  mimirQuery: svc("mimir-gateway", 80, "/prometheus"),
  /** Tempo query base URL. */
  tempo: svc("tempo-query-frontend", 3200),
  /** Pyroscope base URL. */
  pyroscope: svc("pyroscope", 4040),
  /** OTLP gRPC endpoint (Grafana Alloy) for applications' traces, metrics and logs. */
  otlpGrpc: svc("alloy-otlp", 4317),
  /** OTLP HTTP endpoint (Grafana Alloy). */
  otlpHttp: svc("alloy-otlp", 4318),
} as const;

/** Label that makes the Grafana sidecar load a ConfigMap as a dashboard. */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";
