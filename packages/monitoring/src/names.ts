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
export const GRAFANA_URL = `http://${serviceHost(RELEASE.grafana)}`;
/** In-cluster URL of the OnCall engine (Service "<release>-engine", port 8080). */
export const ONCALL_ENGINE_URL = `http://${serviceHost(`${RELEASE.oncall}-engine`)}:8080`;
/** Id of OnCall's Grafana app plugin. */
export const ONCALL_PLUGIN = "grafana-oncall-app";
/** Kafka bootstrap address of Tempo's ingest log. */
export const TEMPO_KAFKA_ADDRESS = `${serviceHost(RELEASE.tempoKafka)}:9092`;
/** OTLP gRPC receiver of Tempo's distributors. */
export const TEMPO_DISTRIBUTOR_OTLP = `${serviceHost(`${RELEASE.tempo}-distributor`)}:4317`;
