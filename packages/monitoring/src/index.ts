import { defineNamespacePackage } from "@helix-cluster/core";
import { alloyLogs, alloyOtlp } from "./alloy.js";
import { optionsSchema } from "./generated/options-schema.js";
import { grafana } from "./grafana.js";
import { kubePrometheusStack } from "./kube-prometheus-stack.js";
import { loki } from "./loki.js";
import { mimir } from "./mimir.js";
import { oncall } from "./oncall.js";
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
export { ONCALL_CHART_VERSION, oncall } from "./oncall.js";
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
 * first; everything that creates ServiceMonitors or rules depends on it alone.
 */
export const monitoring = defineNamespacePackage<MonitoringOptions>({
  packageName: "@helix-cluster/monitoring",
  namespace: NAMESPACE,
  optionsSchema,
  // node-exporter (host network/PID) and the log collector (hostPath /var/log) need the privileged level.
  labels: () => ({
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/warn": "baseline",
    "pod-security.kubernetes.io/audit": "baseline",
  }),
  components: (settings, opts) => [
    prometheusOperatorCrds(),
    kubePrometheusStack(settings, opts),
    platformRules(settings),
    mimir(settings, opts),
    loki(settings, opts),
    tempoKafka(opts),
    tempo(settings, opts),
    pyroscope(settings, opts),
    alloyOtlp(settings, opts),
    alloyLogs(settings),
    grafana(settings, opts),
    oncall(settings, opts),
  ],
});
