import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  GRAFANA_DASHBOARD_LABEL,
  helmComponent,
  type ServiceEndpoint,
  secretRef,
} from "@helix-cluster/core";
import { Service } from "kubernetes-models/v1/Service";
import { monitoringHandles } from "./handles.js";
import { oncallSwitch } from "./oncall.js";
import { type MonitoringOptions, NAMESPACE, ONCALL_WEBHOOK_SECRET } from "./options.js";
import type { RelabelingValue } from "./values/common.js";
import type { AlertmanagerConfig, KubePrometheusStackValues } from "./values/kube-prometheus-stack.js";

/** Release name, also the name of the Prometheus and Alertmanager objects (cleanPrometheusOperatorObjectNames). */
export const KPS_RELEASE = "kube-prometheus-stack";

/** Path where Alertmanager finds the OnCall webhook URL (alertmanagerSpec.secrets mounts under /etc/alertmanager/secrets). */
export const ONCALL_WEBHOOK_URL_FILE = `/etc/alertmanager/secrets/${ONCALL_WEBHOOK_SECRET}/url`;

/**
 * k3s runs the API server, scheduler, controller-manager and kubelet in one process that shares one
 * metrics registry: every one of their endpoints serves the control-plane metrics of all of them.
 * The apiserver job (the `kubernetes` Service endpoints = the k3s servers) is the single job that
 * scrapes them; the kubelet job drops those families so no series is ingested twice.
 */
export const K3S_SHARED_REGISTRY_FAMILIES =
  "(apiserver|apiextensions_apiserver|aggregator|authentication|authorization|etcd|kube_apiserver|scheduler|workqueue|admission)_.+";

/** Metric relabelings of the kubelet job: the chart's bucket trimming plus the k3s de-duplication. */
export function kubeletMetricRelabelings(): RelabelingValue[] {
  return [
    {
      action: "drop",
      sourceLabels: ["__name__", "le"],
      regex: "(csi_operations|storage_operation_duration)_seconds_bucket;(0.25|2.5|15|25|120|600)(\\.0)?",
    },
    { action: "drop", sourceLabels: ["__name__"], regex: K3S_SHARED_REGISTRY_FAMILIES },
  ];
}

/** Size-based retention a little under the volume size, so a burst of series cannot fill the disk. */
export function retentionSizeFor(volume: string): string {
  const gi = /^(\d+)Gi$/.exec(volume);
  if (!gi) throw new Error(`Prometheus storageSize must be given in Gi, got "${volume}"`);
  return `${Math.floor(Number(gi[1]) * 0.85)}GB`;
}

/**
 * Alertmanager routing: everything to OnCall, except the always-firing Watchdog and InfoInhibitor.
 * Without OnCall every alert goes to the "null" receiver (a cluster adds its own with a patch).
 */
export function alertmanagerConfig(toOnCall = true): AlertmanagerConfig {
  return {
    global: { resolve_timeout: "5m" },
    route: {
      receiver: toOnCall ? "oncall" : "null",
      group_by: ["alertname", "namespace", "severity"],
      group_wait: "30s",
      group_interval: "5m",
      repeat_interval: "4h",
      routes: [
        { receiver: "null", matchers: ['alertname = "Watchdog"'] },
        { receiver: "null", matchers: ['alertname = "InfoInhibitor"'] },
      ],
    },
    receivers: [
      { name: "null" },
      // OnCall's Alertmanager integration: the URL carries its token, so it is read from a SOPS secret.
      ...(toOnCall
        ? [{ name: "oncall", webhook_configs: [{ url_file: ONCALL_WEBHOOK_URL_FILE, send_resolved: true }] }]
        : []),
    ],
    inhibit_rules: [
      {
        source_matchers: ["severity = critical"],
        target_matchers: ["severity =~ warning|info"],
        equal: ["namespace", "alertname"],
      },
      {
        source_matchers: ["severity = warning"],
        target_matchers: ["severity = info"],
        equal: ["namespace", "alertname"],
      },
      {
        source_matchers: ["alertname = InfoInhibitor"],
        target_matchers: ["severity = info"],
        equal: ["namespace"],
      },
    ],
  };
}

/** The Services of the Prometheus and Alertmanager handles, in front of the operator-managed pods. */
export function endpointServices(): Service[] {
  const alias = (handle: ServiceEndpoint, app: string, portName: string): Service => {
    const { service: name, port } = handle;
    return new Service({
      metadata: { name, namespace: NAMESPACE, labels: { "app.kubernetes.io/name": app } },
      spec: {
        type: "ClusterIP",
        selector: { "app.kubernetes.io/name": app, "app.kubernetes.io/instance": KPS_RELEASE },
        ports: [{ name: portName, port, targetPort: portName, protocol: "TCP" }],
      },
    });
  };
  return [
    alias(monitoringHandles.prometheusApi, "prometheus", "http-web"),
    alias(monitoringHandles.alertmanagerApi, "alertmanager", "http-web"),
  ];
}

/**
 * Prometheus (short retention, remote-writing everything to Mimir), Alertmanager (routing to OnCall),
 * the operator, kube-state-metrics and node-exporter. CRDs come from prometheus-operator-crds.
 */
export function kubePrometheusStack(
  settings: ClusterSettings,
  opts: MonitoringOptions,
  context: BuildContext,
): Component {
  const p = opts.prometheus ?? {};
  const storageClassName = opts.storageClass;
  const interval = p.scrapeInterval ?? "30s";
  const withOnCall = oncallSwitch(opts, context);
  const toOnCall = withOnCall.enabled;
  return helmComponent<KubePrometheusStackValues>({
    name: KPS_RELEASE,
    namespace: NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/prometheus-community/charts/kube-prometheus-stack
    chart: { oci: "oci://ghcr.io/prometheus-community/charts/kube-prometheus-stack", version: "88.5.3" },
    usesCrds: [
      "monitoring.coreos.com/Alertmanager",
      "monitoring.coreos.com/Prometheus",
      "monitoring.coreos.com/PrometheusRule",
      "monitoring.coreos.com/ServiceMonitor",
    ],
    secrets: toOnCall ? [secretRef(ONCALL_WEBHOOK_SECRET, ["url"])] : [],
    timeout: "15m",
    // Flux waits for the release: give it the release timeout plus a margin.
    kustomization: { timeout: "20m" },
    extraObjects: endpointServices(),
    provides: [monitoringHandles.prometheusApi, monitoringHandles.alertmanagerApi],
    integrations: [withOnCall],
    values: {
      fullnameOverride: KPS_RELEASE,
      cleanPrometheusOperatorObjectNames: true,
      crds: { enabled: false },
      // The chart leaves out the rules of the jobs switched off below (kubeControllerManager,
      // kubeScheduler, kubeProxy, kubeEtcd: off on k3s, see K3S_SHARED_REGISTRY_FAMILIES) and the
      // Windows rules (windowsMonitoring is off by default): no absent-target alert fires forever.
      defaultRules: { create: true },
      kubeApiServer: { enabled: true },
      kubelet: { enabled: true, serviceMonitor: { metricRelabelings: kubeletMetricRelabelings() } },
      kubeControllerManager: { enabled: false },
      kubeScheduler: { enabled: false },
      kubeProxy: { enabled: false },
      kubeEtcd: { enabled: false },
      // CoreDNS is the network package's chart, which ships its own metrics Service and ServiceMonitor.
      coreDns: { enabled: false },
      kubeStateMetrics: { enabled: true },
      "kube-state-metrics": {
        resources: containerResources("20m", "128Mi", "256Mi"),
        metricLabelsAllowlist: ["pods=[app.kubernetes.io/name,app.kubernetes.io/instance]"],
      },
      nodeExporter: { enabled: true },
      "prometheus-node-exporter": { resources: containerResources("20m", "48Mi", "96Mi") },
      prometheusOperator: {
        resources: containerResources("50m", "128Mi", "256Mi"),
        admissionWebhooks: { patch: { resources: containerResources("10m", "32Mi", "64Mi") } },
        prometheusConfigReloader: { resources: containerResources("10m", "32Mi", "64Mi") },
      },
      grafana: {
        enabled: false,
        forceDeployDashboards: true,
        defaultDashboardsTimezone: "utc",
        sidecar: { dashboards: { label: GRAFANA_DASHBOARD_LABEL, labelValue: "1" } },
      },
      alertmanager: {
        enabled: true,
        config: alertmanagerConfig(toOnCall),
        podDisruptionBudget: { enabled: true, minAvailable: 1 },
        alertmanagerSpec: {
          replicas: p.alertmanagerReplicas ?? 3,
          retention: "120h",
          ...(toOnCall ? { secrets: [ONCALL_WEBHOOK_SECRET] } : {}),
          podAntiAffinity: "hard",
          resources: containerResources("20m", "64Mi", "128Mi"),
          storage: {
            volumeClaimTemplate: {
              spec: {
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: "2Gi" } },
                ...(storageClassName ? { storageClassName } : {}),
              },
            },
          },
        },
      },
      prometheus: {
        enabled: true,
        prometheusSpec: {
          // One replica: two would remote-write the same series twice and Mimir has no HA tracker here.
          replicas: 1,
          retention: p.retention ?? "2d",
          retentionSize: retentionSizeFor(p.storageSize ?? "40Gi"),
          scrapeInterval: interval,
          evaluationInterval: interval,
          externalLabels: { cluster: settings.domain },
          enableFeatures: ["exemplar-storage"],
          remoteWrite: [
            {
              name: "mimir",
              url: context.url(monitoringHandles.mimirRemoteWrite),
              sendExemplars: true,
              queueConfig: { maxSamplesPerSend: 5000, capacity: 20000, maxShards: 30 },
            },
          ],
          resources: containerResources("300m", "2Gi", "4Gi"),
          storageSpec: {
            volumeClaimTemplate: {
              spec: {
                accessModes: ["ReadWriteOnce"],
                resources: { requests: { storage: p.storageSize ?? "40Gi" } },
                ...(storageClassName ? { storageClassName } : {}),
              },
            },
          },
          // Every package ships its own ServiceMonitors and rules: select them all, not only this release's.
          serviceMonitorSelectorNilUsesHelmValues: false,
          podMonitorSelectorNilUsesHelmValues: false,
          ruleSelectorNilUsesHelmValues: false,
          probeSelectorNilUsesHelmValues: false,
          scrapeConfigSelectorNilUsesHelmValues: false,
        },
      },
    },
  });
}
