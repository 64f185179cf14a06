import { defineNamespacePackage, enabledOptions } from "@helix-cluster/core";
import { alloyLogs, alloyOtlp } from "./alloy.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { grafana } from "./grafana.js";
import { monitoringTargets } from "./handles.js";
import { kubePrometheusStack } from "./kube-prometheus-stack.js";
import { loki } from "./loki.js";
import { mimir } from "./mimir.js";
import { oncall, oncallSwitch } from "./oncall.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { platformRules } from "./platform-rules.js";
import { prometheusOperatorCrds } from "./prometheus-operator-crds.js";
import { pyroscope } from "./pyroscope.js";
import { tempo } from "./tempo.js";
import { tempoKafka } from "./tempo-kafka.js";

export { podLogsConfig } from "./alloy/logs-config.js";
export { otlpGatewayConfig } from "./alloy/otlp-config.js";
export { alloyLogs, alloyOtlp, otlpPorts } from "./alloy.js";
export { fluxReconciliationDashboard } from "./dashboards/flux-reconciliation.js";
export { platformOverviewDashboard } from "./dashboards/platform-overview.js";
export { grafana, oncallPluginProvisioning, platformDashboards } from "./grafana.js";
export { DATASOURCE_UID, grafanaDatasources } from "./grafana-datasources.js";
export { type MonitoringTargets, monitoringHandles, monitoringTargets } from "./handles.js";
export {
  alertmanagerConfig,
  endpointServices,
  K3S_SHARED_REGISTRY_FAMILIES,
  KPS_RELEASE,
  kubeletMetricRelabelings,
  kubePrometheusStack,
  ONCALL_WEBHOOK_URL_FILE,
} from "./kube-prometheus-stack.js";
export { loki } from "./loki.js";
export { mimir, mimirZones, ROLLOUT_OPERATOR_CRDS } from "./mimir.js";
export { RELEASE } from "./names.js";
export { ONCALL_CHART_VERSION, oncall, oncallDatabases, oncallSwitch } from "./oncall.js";
export * from "./options.js";
export {
  PLATFORM_ALERTS,
  type PlatformAlert,
  platformRuleObjects,
  platformRules,
  runbookUrl,
} from "./platform-rules.js";
export { PROMETHEUS_OPERATOR_CRDS, prometheusOperatorCrds } from "./prometheus-operator-crds.js";
export { pyroscope } from "./pyroscope.js";
export { tempo } from "./tempo.js";
export { KAFKA_IMAGE, KAFKA_PARTITIONS, kafkaEnvironment, tempoKafka } from "./tempo-kafka.js";

/**
 * The monitoring namespace: metrics (Prometheus → Mimir), alerting (Alertmanager → OnCall), logs (Alloy →
 * Loki), traces (OTLP → Alloy → Tempo), profiles (Pyroscope) and Grafana on top. The CRD component comes
 * first; everything that creates ServiceMonitors or rules depends on it alone. Loki, Tempo, Pyroscope
 * and OnCall each turn off with `false`; the package provides its endpoints as handles (`monitoringHandles`).
 */
export const monitoring = defineNamespacePackage<MonitoringOptions>({
  packageName: "@helix-cluster/monitoring",
  chartValuesSchemas,
  namespace: NAMESPACE,
  optionsSchema,
  // node-exporter (host network/PID) and the log collector (hostPath /var/log) need the privileged level.
  labels: () => ({
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/warn": "baseline",
    "pod-security.kubernetes.io/audit": "baseline",
  }),
  components: (settings, opts, context) => {
    // Logs ship to this package's Loki, or to the one another component provides.
    const lokiPush = monitoringTargets(opts, context).lokiPush;
    return [
      prometheusOperatorCrds(),
      kubePrometheusStack(settings, opts, context),
      platformRules(opts.runbookBaseUrl),
      mimir(settings, opts),
      ...(enabledOptions(opts.loki) ? [loki(settings, opts)] : []),
      ...(enabledOptions(opts.tempo) ? [tempoKafka(opts, context), tempo(settings, opts, context)] : []),
      ...(enabledOptions(opts.pyroscope) ? [pyroscope(settings, opts)] : []),
      alloyOtlp(settings, opts, context),
      ...(lokiPush ? [alloyLogs(settings, context.url(lokiPush))] : []),
      grafana(settings, opts, context),
      ...(oncallSwitch(opts, context).enabled ? [oncall(settings, opts, context)] : []),
    ];
  },
});
export * from "./generated/values/index.js";
