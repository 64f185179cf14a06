import { serviceHost } from "../endpoints.js";
import { RELEASE } from "../names.js";
import { type AlloyBlock, attr, block, raw, renderAlloy } from "./syntax.js";

/** Where the OTLP gateway sends each signal; an absent target drops that signal. */
export interface OtlpGatewayTargets {
  /** DNS domain of in-cluster Service names. */
  readonly clusterDomain: string;
  /** Prometheus remote-write URL (Mimir): OTLP metrics, span metrics and the service graph. */
  readonly remoteWrite: string;
  /** Loki's OTLP base URL ("<loki>/otlp"). @default undefined (OTLP logs dropped) */
  readonly lokiOtlp?: string;
  /** Tempo's OTLP gRPC receiver ("host:port"). @default undefined (spans only feed the span metrics) */
  readonly tempoOtlp?: string;
  /** Pyroscope push URL. @default undefined (no pprof scraping) */
  readonly pyroscope?: string;
}

/** Port of the internal OTLP receiver that gets the spans load-balanced by trace ID. */
export const SPANS_PORT = 4319;

const out = (signal: "traces" | "metrics" | "logs", ...targets: string[]) =>
  attr(
    signal,
    targets.map((t) => raw(t)),
  );
const insecureClient = (endpoint: string) =>
  block("client", undefined, attr("endpoint", endpoint), block("tls", undefined, attr("insecure", true)));

/** Receives OTLP from applications; metrics and logs go straight out, spans are sharded by trace ID. */
function ingest(t: OtlpGatewayTargets): AlloyBlock[] {
  return [
    block(
      "otelcol.receiver.otlp",
      "ingest",
      block("grpc", undefined, attr("endpoint", "0.0.0.0:4317")),
      block("http", undefined, attr("endpoint", "0.0.0.0:4318")),
      block(
        "output",
        undefined,
        out("metrics", "otelcol.processor.batch.signals.input"),
        ...(t.lokiOtlp ? [out("logs", "otelcol.processor.batch.signals.input")] : []),
        out("traces", "otelcol.exporter.loadbalancing.spans.input"),
      ),
    ),
    // Every span of a trace reaches the same replica, so span metrics and service-graph edges are whole.
    block(
      "otelcol.exporter.loadbalancing",
      "spans",
      attr("routing_key", "traceID"),
      block(
        "resolver",
        undefined,
        block(
          "dns",
          undefined,
          attr("hostname", serviceHost(`${RELEASE.alloyOtlp}-cluster`, t.clusterDomain)),
          attr("port", String(SPANS_PORT)),
        ),
      ),
      block(
        "protocol",
        undefined,
        block("otlp", undefined, block("client", undefined, block("tls", undefined, attr("insecure", true)))),
      ),
    ),
    block(
      "otelcol.processor.batch",
      "signals",
      block(
        "output",
        undefined,
        out("metrics", "otelcol.exporter.prometheus.mimir.input"),
        ...(t.lokiOtlp ? [out("logs", "otelcol.exporter.otlphttp.loki.input")] : []),
      ),
    ),
  ];
}

/** The spans shard: to Tempo, and through the span-metrics and service-graph connectors to Mimir. */
function spans(t: OtlpGatewayTargets): AlloyBlock[] {
  return [
    block(
      "otelcol.receiver.otlp",
      "spans",
      block("grpc", undefined, attr("endpoint", `0.0.0.0:${SPANS_PORT}`)),
      block("output", undefined, out("traces", "otelcol.processor.batch.spans.input")),
    ),
    block(
      "otelcol.processor.batch",
      "spans",
      block(
        "output",
        undefined,
        out(
          "traces",
          ...(t.tempoOtlp ? ["otelcol.exporter.otlp.tempo.input"] : []),
          "otelcol.connector.spanmetrics.default.input",
          "otelcol.connector.servicegraph.default.input",
        ),
      ),
    ),
    ...(t.tempoOtlp ? [block("otelcol.exporter.otlp", "tempo", insecureClient(t.tempoOtlp))] : []),
    block(
      "otelcol.connector.spanmetrics",
      "default",
      block("dimension", undefined, attr("name", "http.request.method")),
      block("dimension", undefined, attr("name", "http.response.status_code")),
      block("dimension", undefined, attr("name", "k8s.namespace.name")),
      block("histogram", undefined, block("explicit", undefined)),
      block("output", undefined, out("metrics", "otelcol.processor.attributes.collector.input")),
    ),
    block(
      "otelcol.connector.servicegraph",
      "default",
      attr("dimensions", ["http.request.method"]),
      block("output", undefined, out("metrics", "otelcol.processor.attributes.collector.input")),
    ),
    // Each replica aggregates its own shard: the pod name keeps their series apart in Mimir.
    block(
      "otelcol.processor.attributes",
      "collector",
      block(
        "action",
        undefined,
        attr("key", "alloy_collector"),
        attr("value", raw("constants.hostname")),
        attr("action", "upsert"),
      ),
      block("output", undefined, out("metrics", "otelcol.exporter.prometheus.mimir.input")),
    ),
  ];
}

/** The exporters to Mimir and Loki. */
function exporters(t: OtlpGatewayTargets): AlloyBlock[] {
  return [
    block(
      "otelcol.exporter.prometheus",
      "mimir",
      attr("forward_to", [raw("prometheus.remote_write.mimir.receiver")]),
    ),
    block(
      "prometheus.remote_write",
      "mimir",
      block("endpoint", undefined, attr("url", t.remoteWrite), attr("send_exemplars", true)),
    ),
    // Loki's native OTLP endpoint keeps resource attributes as labels and structured metadata.
    ...(t.lokiOtlp
      ? [block("otelcol.exporter.otlphttp", "loki", block("client", undefined, attr("endpoint", t.lokiOtlp)))]
      : []),
  ];
}

/** Continuous profiling: pprof endpoints of pods annotated `profiles.grafana.com/cpu.scrape: "true"`. */
function profiles(pyroscope: string): AlloyBlock[] {
  const a = "__meta_kubernetes_pod_annotation_profiles_grafana_com_";
  const rule = (...body: ReturnType<typeof attr>[]) => block("rule", undefined, ...body);
  return [
    block("discovery.kubernetes", "pods", attr("role", "pod")),
    block(
      "discovery.relabel",
      "profiles",
      attr("targets", raw("discovery.kubernetes.pods.targets")),
      rule(attr("source_labels", [`${a}cpu_scrape`]), attr("regex", "true"), attr("action", "keep")),
      rule(attr("source_labels", [`${a}cpu_port_name`]), attr("target_label", "__tmp_port_name")),
      rule(
        attr("source_labels", ["__meta_kubernetes_pod_container_port_name"]),
        attr("target_label", "__tmp_port_name"),
        attr("action", "keepequal"),
      ),
      rule(attr("source_labels", ["__meta_kubernetes_namespace"]), attr("target_label", "namespace")),
      rule(attr("source_labels", ["__meta_kubernetes_pod_name"]), attr("target_label", "pod")),
      rule(
        attr("source_labels", ["__meta_kubernetes_pod_container_name"]),
        attr("target_label", "container"),
      ),
      rule(
        attr("source_labels", ["__meta_kubernetes_namespace", "__meta_kubernetes_pod_container_name"]),
        attr("separator", "/"),
        attr("target_label", "service_name"),
      ),
    ),
    block(
      "pyroscope.scrape",
      "pods",
      attr("targets", raw("discovery.relabel.profiles.output")),
      attr("forward_to", [raw("pyroscope.write.pyroscope.receiver")]),
      // Replicas split the targets between them.
      block("clustering", undefined, attr("enabled", true)),
    ),
    block("pyroscope.write", "pyroscope", block("endpoint", undefined, attr("url", pyroscope))),
  ];
}

/** Configuration of the OTLP gateway Alloy. */
export function otlpGatewayConfig(targets: OtlpGatewayTargets): string {
  return renderAlloy([
    block("logging", undefined, attr("level", "info"), attr("format", "logfmt")),
    ...ingest(targets),
    ...spans(targets),
    ...exporters(targets),
    ...(targets.pyroscope ? profiles(targets.pyroscope) : []),
  ]);
}
