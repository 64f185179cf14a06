import type { ResourcesValue, TopologySpreadValue } from "./common.js";

/** A provisioned Grafana data source (provisioning file format, apiVersion 1). */
export interface GrafanaDatasource {
  name: string;
  uid: string;
  type: string;
  access?: "proxy" | "direct";
  url: string;
  isDefault?: boolean;
  editable?: boolean;
  jsonData?: Record<string, unknown>;
}

/** Values of grafana-community/grafana 12.11.1 that this package sets. */
export interface GrafanaValues {
  fullnameOverride?: string;
  replicas?: number;
  /** The chart's HPA; targets are percent strings, "" leaves a metric out. */
  autoscaling?: {
    enabled: boolean;
    minReplicas?: number;
    maxReplicas?: number;
    targetCPU?: string;
    targetMemory?: string;
  };
  headlessService?: boolean;
  podDisruptionBudget?: { maxUnavailable?: number; minAvailable?: number };
  topologySpreadConstraints?: TopologySpreadValue[];
  admin?: { existingSecret?: string; userKey?: string; passwordKey?: string };
  envFromSecret?: string;
  envValueFrom?: Record<string, { fieldRef?: { fieldPath: string } }>;
  resources?: ResourcesValue;
  persistence?: { enabled?: boolean; size?: string; storageClassName?: string };
  initChownData?: { enabled?: boolean };
  plugins?: string[];
  "grafana.ini"?: Record<string, Record<string, string | number | boolean>>;
  datasources?: Record<string, { apiVersion: 1; datasources: GrafanaDatasource[] }>;
  extraConfigmapMounts?: {
    name: string;
    mountPath: string;
    subPath?: string;
    configMap: string;
    readOnly?: boolean;
  }[];
  sidecar?: {
    resources?: ResourcesValue;
    dashboards?: {
      enabled?: boolean;
      label?: string;
      labelValue?: string;
      searchNamespace?: string[];
      folderAnnotation?: string;
      provider?: { foldersFromFilesStructure?: boolean; allowUiUpdates?: boolean };
    };
  };
  serviceMonitor?: { enabled?: boolean };
  ingress?: {
    enabled?: boolean;
    ingressClassName?: string;
    annotations?: Record<string, string>;
    hosts?: string[];
    path?: string;
    pathType?: string;
    tls?: { secretName: string; hosts: string[] }[];
  };
}
