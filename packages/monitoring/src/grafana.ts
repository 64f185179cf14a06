import {
  type ClusterSettings,
  type Component,
  containerResources,
  GRAFANA_DASHBOARD_LABEL,
  grafanaDashboard,
  helmComponent,
  SERVICE_MONITOR,
  secretRef,
  stableJson,
} from "@helix-cluster/core";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { declaredAutoscaling, stackAutoscaling } from "./autoscaling.js";
import { fluxReconciliationDashboard } from "./dashboards/flux-reconciliation.js";
import { platformOverviewDashboard } from "./dashboards/platform-overview.js";
import { dataPlane } from "./data-plane.js";
import { envReference } from "./env-reference.js";
import { grafanaDatasources } from "./grafana-datasources.js";
import { ONCALL_ENGINE_URL, ONCALL_PLUGIN, RELEASE } from "./names.js";
import {
  GRAFANA_ADMIN_SECRET,
  GRAFANA_DATABASE_SECRET,
  type MonitoringOptions,
  NAMESPACE,
} from "./options.js";
import type { GrafanaValues } from "./values/grafana.js";

const GRAFANA_RELEASE = RELEASE.grafana;
const ONCALL_PROVISIONING = "grafana-oncall-app";

/** Dashboards built in code, shipped as sidecar ConfigMaps. */
export function platformDashboards(): ConfigMap[] {
  return [
    grafanaDashboard({ name: "platform-overview", dashboard: platformOverviewDashboard() }),
    grafanaDashboard({
      name: "flux-reconciliation",
      dashboard: fluxReconciliationDashboard(),
      folder: "GitOps",
    }),
  ];
}

/** Provisioning file that enables the OnCall app plugin and points it at the OnCall engine. */
export function oncallPluginProvisioning(): ConfigMap {
  const file = {
    apiVersion: 1,
    apps: [
      {
        type: ONCALL_PLUGIN,
        name: ONCALL_PLUGIN,
        disabled: false,
        jsonData: { stackId: 5, orgId: 100, onCallApiUrl: ONCALL_ENGINE_URL },
      },
    ],
  };
  return new ConfigMap({
    metadata: { name: ONCALL_PROVISIONING, namespace: NAMESPACE },
    // JSON is YAML: Grafana reads the file with its YAML parser.
    data: { "oncall.yaml": stableJson(file) },
  });
}

/**
 * Grafana: every data source of the stack provisioned and cross-linked, dashboards from sidecar
 * ConfigMaps of all namespaces, admin credentials from a SOPS secret, state in the data-plane MySQL
 * so that several replicas serve the same users and annotations.
 */
export function grafana(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const g = opts.grafana ?? {};
  const host = g.hostname ?? `grafana.${settings.domain}`;
  const mysql = dataPlane(opts).mysql;
  const scaling = stackAutoscaling(settings, g.replicas ?? 2, g.autoscaling, 4);
  return helmComponent<GrafanaValues>({
    name: GRAFANA_RELEASE,
    namespace: NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/grafana-community/helm-charts/grafana
    chart: { oci: "oci://ghcr.io/grafana-community/helm-charts/grafana", version: "12.11.1" },
    usesCrds: [SERVICE_MONITOR],
    secrets: [
      secretRef(GRAFANA_ADMIN_SECRET, ["admin-user", "admin-password"]),
      secretRef(GRAFANA_DATABASE_SECRET, ["GF_DATABASE_USER", "GF_DATABASE_PASSWORD"]),
    ],
    extraObjects: [...platformDashboards(), oncallPluginProvisioning()],
    kustomization: { timeout: "15m" },
    ...declaredAutoscaling(scaling ? [{ target: `Deployment/${GRAFANA_RELEASE}`, scaling }] : []),
    values: {
      fullnameOverride: GRAFANA_RELEASE,
      // With the HPA on, the chart leaves the replica count to it and never reads `replicas`.
      ...(scaling ? {} : { replicas: g.replicas ?? 2 }),
      // The chart's targetCPU/targetMemory are strings ("" leaves a metric out).
      autoscaling: scaling
        ? {
            enabled: true,
            minReplicas: scaling.bounds.min,
            maxReplicas: scaling.bounds.max,
            targetCPU: String(scaling.utilization.cpu ?? ""),
            targetMemory: String(scaling.utilization.memory ?? ""),
          }
        : { enabled: false },
      headlessService: true,
      podDisruptionBudget: { maxUnavailable: 1 },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "DoNotSchedule",
          labelSelector: { matchLabels: { "app.kubernetes.io/name": "grafana" } },
        },
      ],
      admin: { existingSecret: GRAFANA_ADMIN_SECRET, userKey: "admin-user", passwordKey: "admin-password" },
      envFromSecret: GRAFANA_DATABASE_SECRET,
      envValueFrom: { HA_POD_IP: { fieldRef: { fieldPath: "status.podIP" } } },
      resources: containerResources("100m", "256Mi", "512Mi"),
      persistence: { enabled: false },
      // OnCall OSS is archived: its app plugin is pinned to the last release, like the engine.
      plugins: [`${ONCALL_PLUGIN}@1.16.5`],
      "grafana.ini": {
        server: { domain: host, root_url: `https://${host}` },
        database: { type: "mysql", host: `${mysql.host}:${mysql.port}`, name: g.database ?? "grafana" },
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
        feature_toggles: { enable: "externalServiceAccounts" },
        unified_alerting: {
          enabled: true,
          ha_peers: `${GRAFANA_RELEASE}-headless:9094`,
          ha_listen_address: `${envReference("HA_POD_IP")}:9094`,
          ha_advertise_address: `${envReference("HA_POD_IP")}:9094`,
        },
        users: { allow_sign_up: false },
        log: { mode: "console", level: "info" },
      },
      datasources: { "datasources.yaml": { apiVersion: 1, datasources: grafanaDatasources() } },
      extraConfigmapMounts: [
        {
          name: ONCALL_PROVISIONING,
          mountPath: "/etc/grafana/provisioning/plugins/oncall.yaml",
          subPath: "oncall.yaml",
          configMap: ONCALL_PROVISIONING,
          readOnly: true,
        },
      ],
      sidecar: {
        resources: containerResources("20m", "96Mi", "192Mi"),
        dashboards: {
          enabled: true,
          label: GRAFANA_DASHBOARD_LABEL,
          labelValue: "1",
          searchNamespace: ["ALL"],
          folderAnnotation: "grafana_folder",
          provider: { foldersFromFilesStructure: true, allowUiUpdates: false },
        },
      },
      serviceMonitor: { enabled: true },
      ingress: {
        enabled: true,
        ingressClassName: g.ingressClass ?? "internal",
        annotations: { "cert-manager.io/cluster-issuer": g.clusterIssuer ?? "letsencrypt-production" },
        hosts: [host],
        path: "/",
        pathType: "Prefix",
        tls: [{ secretName: "grafana-tls", hosts: [host] }],
      },
    },
  });
}
