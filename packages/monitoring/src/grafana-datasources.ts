import type { BuildContext } from "@helix-cluster/core";
import type { MonitoringTargets } from "./handles.js";
import type { GrafanaDatasource } from "./values/grafana.js";

/** UIDs of the provisioned data sources; dashboards and cross-links refer to them. */
export const DATASOURCE_UID = {
  mimir: "mimir",
  prometheus: "prometheus",
  alertmanager: "alertmanager",
  loki: "loki",
  tempo: "tempo",
  pyroscope: "pyroscope",
} as const;

// Grafana expands $VAR and ${VAR} in provisioning files: "$$" keeps a literal "$" for its own variables.
const SERVICE_TAGS = [{ key: "service.name", value: "service_name" }];

/**
 * The data sources of the stack, every URL from a handle with the cluster's domain, and each one
 * linked to the others present: metrics exemplars and log lines open their trace, a trace opens its
 * logs, metrics and profile. Loki, Tempo and Pyroscope are there when something provides them.
 */
export function grafanaDatasources(targets: MonitoringTargets, context: BuildContext): GrafanaDatasource[] {
  const { lokiQuery, tempoQuery, pyroscope } = targets;
  const exemplarsToTempo = tempoQuery
    ? { exemplarTraceIdDestinations: [{ name: "trace_id", datasourceUid: DATASOURCE_UID.tempo }] }
    : {};
  const all: (GrafanaDatasource | undefined)[] = [
    {
      name: "Mimir",
      uid: DATASOURCE_UID.mimir,
      type: "prometheus",
      access: "proxy",
      url: context.url(targets.mimirQuery),
      isDefault: true,
      editable: false,
      jsonData: {
        prometheusType: "Mimir",
        httpMethod: "POST",
        timeInterval: "30s",
        ...exemplarsToTempo,
      },
    },
    {
      name: "Prometheus",
      uid: DATASOURCE_UID.prometheus,
      type: "prometheus",
      access: "proxy",
      url: context.url(targets.prometheus),
      editable: false,
      jsonData: {
        prometheusType: "Prometheus",
        httpMethod: "POST",
        timeInterval: "30s",
        ...exemplarsToTempo,
      },
    },
    {
      name: "Alertmanager",
      uid: DATASOURCE_UID.alertmanager,
      type: "alertmanager",
      access: "proxy",
      url: context.url(targets.alertmanager),
      editable: false,
      jsonData: { implementation: "prometheus", handleGrafanaManagedAlerts: false },
    },
    lokiQuery && {
      name: "Loki",
      uid: DATASOURCE_UID.loki,
      type: "loki",
      access: "proxy",
      url: context.url(lokiQuery),
      editable: false,
      jsonData: {
        maxLines: 5000,
        derivedFields: !tempoQuery
          ? []
          : [
              {
                // trace_id in the log line (logfmt or JSON).
                name: "TraceID",
                matcherType: "regex",
                matcherRegex: '(?:trace_id|traceID|traceId)"?[=:]\\s*"?(\\w+)',
                datasourceUid: DATASOURCE_UID.tempo,
                url: "$${__value.raw}",
                urlDisplayLabel: "View trace",
              },
              {
                // trace_id as structured metadata (OTLP logs).
                name: "trace_id",
                matcherType: "label",
                matcherRegex: "trace_id",
                datasourceUid: DATASOURCE_UID.tempo,
                url: "$${__value.raw}",
                urlDisplayLabel: "View trace",
              },
            ],
      },
    },
    tempoQuery && {
      name: "Tempo",
      uid: DATASOURCE_UID.tempo,
      type: "tempo",
      access: "proxy",
      url: context.url(tempoQuery),
      editable: false,
      jsonData: {
        ...(lokiQuery
          ? {
              tracesToLogsV2: {
                datasourceUid: DATASOURCE_UID.loki,
                spanStartTimeShift: "-5m",
                spanEndTimeShift: "5m",
                filterByTraceID: true,
                filterBySpanID: false,
                tags: [
                  { key: "service.name", value: "service_name" },
                  { key: "k8s.namespace.name", value: "namespace" },
                ],
              },
            }
          : {}),
        tracesToMetrics: {
          datasourceUid: DATASOURCE_UID.mimir,
          spanStartTimeShift: "-5m",
          spanEndTimeShift: "5m",
          tags: SERVICE_TAGS,
          queries: [
            { name: "Request rate", query: "sum(rate(traces_span_metrics_calls_total{$$__tags}[5m]))" },
            {
              name: "Error rate",
              query:
                'sum(rate(traces_span_metrics_calls_total{$$__tags, status_code="STATUS_CODE_ERROR"}[5m]))',
            },
            {
              name: "p95 latency",
              query:
                "histogram_quantile(0.95, sum by (le) (rate(traces_span_metrics_duration_seconds_bucket{$$__tags}[5m])))",
            },
          ],
        },
        ...(pyroscope
          ? {
              tracesToProfiles: {
                datasourceUid: DATASOURCE_UID.pyroscope,
                profileTypeId: "process_cpu:cpu:nanoseconds:cpu:nanoseconds",
                tags: SERVICE_TAGS,
                customQuery: false,
              },
            }
          : {}),
        serviceMap: { datasourceUid: DATASOURCE_UID.mimir },
        nodeGraph: { enabled: true },
        ...(lokiQuery ? { lokiSearch: { datasourceUid: DATASOURCE_UID.loki } } : {}),
        search: { hide: false },
        traceQuery: { timeShiftEnabled: true, spanStartTimeShift: "-30m", spanEndTimeShift: "30m" },
        streamingEnabled: { search: true, metrics: true },
      },
    },
    pyroscope && {
      name: "Pyroscope",
      uid: DATASOURCE_UID.pyroscope,
      type: "grafana-pyroscope-datasource",
      access: "proxy",
      url: context.url(pyroscope),
      editable: false,
      jsonData: { minStep: "15s" },
    },
  ];
  return all.filter((d): d is GrafanaDatasource => d !== undefined);
}
