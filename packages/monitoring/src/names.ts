import { serviceHost } from "./endpoints.js";

/** Release (and Service) names of the charts, pinned with fullnameOverride so Service names are stable. */
export const RELEASE = {
  grafana: "grafana",
  mimir: "mimir",
  loki: "loki",
  tempo: "tempo",
  tempoKafka: "tempo-kafka",
  pyroscope: "pyroscope",
  alloyOtlp: "alloy-otlp",
  alloyLogs: "alloy-logs",
  oncall: "oncall",
} as const;

/** In-cluster URL of Grafana (OnCall calls back into it). */
export function grafanaUrl(clusterDomain: string): string {
  return `http://${serviceHost(RELEASE.grafana, clusterDomain)}`;
}
/** In-cluster URL of the OnCall engine (Service "<release>-engine", port 8080). */
export function oncallEngineUrl(clusterDomain: string): string {
  return `http://${serviceHost(`${RELEASE.oncall}-engine`, clusterDomain)}:8080`;
}
/** Id of OnCall's Grafana app plugin. */
export const ONCALL_PLUGIN = "grafana-oncall-app";
/** Kafka bootstrap address of Tempo's ingest log. */
export function tempoKafkaAddress(clusterDomain: string): string {
  return `${serviceHost(RELEASE.tempoKafka, clusterDomain)}:9092`;
}
/** OTLP gRPC receiver of Tempo's distributors. */
export function tempoDistributorOtlp(clusterDomain: string): string {
  return `${serviceHost(`${RELEASE.tempo}-distributor`, clusterDomain)}:4317`;
}
