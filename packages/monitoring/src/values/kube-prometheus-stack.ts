import type { RelabelingValue, ResourcesValue, TopologySpreadValue, VolumeClaimSpecValue } from "./common.js";

/** A component scraper of kube-prometheus-stack (kubeControllerManager, kubeScheduler, …). */
interface ComponentScrape {
  enabled?: boolean;
}

/** Alertmanager configuration (alertmanager.yml) rendered by the chart into the config Secret. */
export interface AlertmanagerConfig {
  global?: { resolve_timeout?: string };
  route: AlertmanagerRoute;
  receivers: AlertmanagerReceiver[];
  inhibit_rules?: {
    source_matchers?: string[];
    target_matchers?: string[];
    equal?: string[];
  }[];
  templates?: string[];
}

/** One node of the Alertmanager routing tree. */
export interface AlertmanagerRoute {
  receiver: string;
  group_by?: string[];
  group_wait?: string;
  group_interval?: string;
  repeat_interval?: string;
  matchers?: string[];
  continue?: boolean;
  routes?: AlertmanagerRoute[];
}

/** An Alertmanager receiver. */
export interface AlertmanagerReceiver {
  name: string;
  webhook_configs?: {
    /** File holding the URL (here a key of a Secret mounted by alertmanagerSpec.secrets). */
    url_file?: string;
    send_resolved?: boolean;
    max_alerts?: number;
  }[];
}

/** Values of prometheus-community/kube-prometheus-stack 88.5.3 that this package sets. */
export interface KubePrometheusStackValues {
  fullnameOverride?: string;
  cleanPrometheusOperatorObjectNames?: boolean;
  crds?: { enabled?: boolean };
  defaultRules?: {
    create?: boolean;
    rules?: Record<string, boolean>;
  };
  alertmanager?: {
    enabled?: boolean;
    config?: AlertmanagerConfig;
    podDisruptionBudget?: { enabled?: boolean; minAvailable?: number };
    alertmanagerSpec?: {
      replicas?: number;
      retention?: string;
      secrets?: string[];
      resources?: ResourcesValue;
      storage?: { volumeClaimTemplate?: { spec: VolumeClaimSpecValue } };
      podAntiAffinity?: string;
      topologySpreadConstraints?: TopologySpreadValue[];
    };
  };
  grafana?: {
    enabled?: boolean;
    /** Ship the chart's dashboards as sidecar ConfigMaps for the separately installed Grafana. */
    forceDeployDashboards?: boolean;
    defaultDashboardsTimezone?: string;
    sidecar?: { dashboards?: { label?: string; labelValue?: string } };
  };
  kubeApiServer?: ComponentScrape;
  kubelet?: ComponentScrape & {
    serviceMonitor?: { metricRelabelings?: RelabelingValue[] };
  };
  kubeControllerManager?: ComponentScrape;
  kubeScheduler?: ComponentScrape;
  kubeProxy?: ComponentScrape;
  kubeEtcd?: ComponentScrape;
  coreDns?: ComponentScrape;
  kubeStateMetrics?: ComponentScrape;
  "kube-state-metrics"?: {
    resources?: ResourcesValue;
    /** Extra labels of the metrics of objects (kube_pod_labels…). */
    metricLabelsAllowlist?: string[];
  };
  nodeExporter?: { enabled?: boolean };
  "prometheus-node-exporter"?: { resources?: ResourcesValue };
  prometheusOperator?: {
    resources?: ResourcesValue;
    admissionWebhooks?: { patch?: { resources?: ResourcesValue } };
    prometheusConfigReloader?: { resources?: ResourcesValue };
  };
  prometheus?: {
    enabled?: boolean;
    podDisruptionBudget?: { enabled?: boolean };
    prometheusSpec?: {
      replicas?: number;
      retention?: string;
      retentionSize?: string;
      scrapeInterval?: string;
      evaluationInterval?: string;
      externalLabels?: Record<string, string>;
      enableFeatures?: string[];
      remoteWrite?: {
        url: string;
        name?: string;
        sendExemplars?: boolean;
        queueConfig?: { maxSamplesPerSend?: number; capacity?: number; maxShards?: number };
      }[];
      resources?: ResourcesValue;
      storageSpec?: { volumeClaimTemplate?: { spec: VolumeClaimSpecValue } };
      /** false: select every ServiceMonitor/PodMonitor/PrometheusRule/Probe/ScrapeConfig of the cluster. */
      serviceMonitorSelectorNilUsesHelmValues?: boolean;
      podMonitorSelectorNilUsesHelmValues?: boolean;
      ruleSelectorNilUsesHelmValues?: boolean;
      probeSelectorNilUsesHelmValues?: boolean;
      scrapeConfigSelectorNilUsesHelmValues?: boolean;
    };
  };
}
