import {
  type BuildContext,
  CLUSTER_ISSUER_TYPE,
  type ClusterSettings,
  type Component,
  clusterIssuer,
  containerResources,
  GRAFANA_DASHBOARD_LABEL,
  grafanaDashboard,
  helmComponent,
  type Integration,
  ingressClass,
  MYSQL,
  resolveIntegration,
  SERVICE_MONITOR,
  secretRef,
  stableJson,
} from "@helix-cluster/core";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { declaredAutoscaling, stackAutoscaling } from "./autoscaling.js";
import { fluxReconciliationDashboard } from "./dashboards/flux-reconciliation.js";
import { platformOverviewDashboard } from "./dashboards/platform-overview.js";
import { databasesIntegration, passwordSource, resolveDatabase, usedHandles } from "./databases.js";
import { envReference } from "./env-reference.js";
import { grafanaDatasources } from "./grafana-datasources.js";
import { monitoringTargets } from "./handles.js";
import { ONCALL_PLUGIN, oncallEngineUrl, RELEASE } from "./names.js";
import { oncallSwitch } from "./oncall.js";
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
    grafanaDashboard({
      name: "platform-overview",
      namespace: NAMESPACE,
      dashboard: platformOverviewDashboard(),
    }),
    grafanaDashboard({
      name: "flux-reconciliation",
      namespace: NAMESPACE,
      dashboard: fluxReconciliationDashboard(),
      folder: "GitOps",
    }),
  ];
}

/** Provisioning file that enables the OnCall app plugin and points it at the OnCall engine. */
export function oncallPluginProvisioning(clusterDomain: string): ConfigMap {
  const file = {
    apiVersion: 1,
    apps: [
      {
        type: ONCALL_PLUGIN,
        name: ONCALL_PLUGIN,
        disabled: false,
        jsonData: { stackId: 5, orgId: 100, onCallApiUrl: oncallEngineUrl(clusterDomain) },
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
 * ConfigMaps of all namespaces, admin credentials from a SOPS secret. With a MySQL database (a
 * handle, or `dataPlane.mysql`) several replicas share their state and form an alerting HA cluster;
 * without one Grafana keeps its state in SQLite on a volume, with one replica.
 */
export function grafana(
  settings: ClusterSettings,
  opts: MonitoringOptions,
  context: BuildContext,
): Component {
  const g = opts.grafana ?? {};
  const host = g.hostname ?? `grafana.${settings.domain}`;
  const databaseName = g.database ?? "grafana";
  const request = {
    contract: MYSQL,
    matches: (h: { database?: string }) => h.database === databaseName,
    what: `MySQL database "${databaseName}"`,
    fallback: opts.dataPlane?.mysql,
    optionPath: "dataPlane.mysql",
  };
  const mysql = resolveDatabase(context, request);
  const databases: Integration = mysql
    ? databasesIntegration("Grafana", [[request, mysql]])
    : {
        name: "databases",
        enabled: false,
        reason: `off: no component provides ${request.what} and ${request.optionPath} is not set: SQLite on a volume, one replica`,
        missing: [],
      };
  const ingress = resolveIntegration(context, {
    name: "ingress",
    option: g.ingress,
    optionPath: "grafana.ingress",
    needs: { handles: [ingressClass(g.ingressClass ?? "internal")] },
    addHint: "@helix-cluster/network",
  });
  const certificates = resolveIntegration(context, {
    name: "certificates",
    option: g.certificates,
    optionPath: "grafana.certificates",
    needs: {
      types: [CLUSTER_ISSUER_TYPE],
      handles: [clusterIssuer(g.clusterIssuer ?? "letsencrypt-production")],
    },
    addHint: "@helix-cluster/cert-manager",
  });
  const withOnCall = oncallSwitch(opts, context).enabled;
  const passwordFrom = passwordSource(mysql, "GF_DATABASE_PASSWORD");
  // SQLite is one file on one volume: one replica, no autoscaling, no HA peers.
  const scaling = mysql ? stackAutoscaling(settings, g.replicas ?? 2, g.autoscaling, 4) : undefined;
  return helmComponent<GrafanaValues>({
    name: GRAFANA_RELEASE,
    namespace: NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/grafana-community/helm-charts/grafana
    chart: { oci: "oci://ghcr.io/grafana-community/helm-charts/grafana", version: "12.11.1" },
    usesCrds: [SERVICE_MONITOR],
    secrets: [
      secretRef(GRAFANA_ADMIN_SECRET, ["admin-user", "admin-password"]),
      ...(mysql
        ? [
            secretRef(
              GRAFANA_DATABASE_SECRET,
              ["GF_DATABASE_USER", "GF_DATABASE_PASSWORD"],
              passwordFrom ? { source: passwordFrom } : undefined,
            ),
          ]
        : []),
    ],
    extraObjects: [
      ...platformDashboards(),
      ...(withOnCall ? [oncallPluginProvisioning(context.clusterDomain)] : []),
    ],
    kustomization: { timeout: "15m" },
    ...declaredAutoscaling(scaling ? [{ target: `Deployment/${GRAFANA_RELEASE}`, scaling }] : []),
    uses: usedHandles(mysql),
    integrations: [databases, ingress, certificates],
    values: {
      fullnameOverride: GRAFANA_RELEASE,
      // With the HPA on, the chart leaves the replica count to it and never reads `replicas`;
      // SQLite (no MySQL) allows one replica only.
      ...(scaling ? {} : { replicas: mysql ? (g.replicas ?? 2) : 1 }),
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
      ...(mysql
        ? {
            envFromSecret: GRAFANA_DATABASE_SECRET,
            envValueFrom: { HA_POD_IP: { fieldRef: { fieldPath: "status.podIP" } } },
          }
        : {}),
      resources: containerResources("100m", "256Mi", "512Mi"),
      persistence: mysql
        ? { enabled: false }
        : {
            enabled: true,
            size: "10Gi",
            ...(opts.storageClass ? { storageClassName: opts.storageClass } : {}),
          },
      // OnCall OSS is archived: its app plugin is pinned to the last release, like the engine.
      ...(withOnCall ? { plugins: [`${ONCALL_PLUGIN}@1.16.5`] } : {}),
      "grafana.ini": {
        server: { domain: host, root_url: `https://${host}` },
        ...(mysql
          ? {
              database: {
                type: "mysql",
                host: `${mysql.address.host}:${mysql.address.port}`,
                name: databaseName,
              },
            }
          : {}),
        analytics: { check_for_updates: false, check_for_plugin_updates: false, reporting_enabled: false },
        feature_toggles: { enable: "externalServiceAccounts" },
        unified_alerting: mysql
          ? {
              enabled: true,
              ha_peers: `${GRAFANA_RELEASE}-headless:9094`,
              ha_listen_address: `${envReference("HA_POD_IP")}:9094`,
              ha_advertise_address: `${envReference("HA_POD_IP")}:9094`,
            }
          : { enabled: true },
        users: { allow_sign_up: false },
        log: { mode: "console", level: "info" },
      },
      datasources: {
        "datasources.yaml": {
          apiVersion: 1,
          datasources: grafanaDatasources(monitoringTargets(opts, context), context),
        },
      },
      ...(withOnCall
        ? {
            extraConfigmapMounts: [
              {
                name: ONCALL_PROVISIONING,
                mountPath: "/etc/grafana/provisioning/plugins/oncall.yaml",
                subPath: "oncall.yaml",
                configMap: ONCALL_PROVISIONING,
                readOnly: true,
              },
            ],
          }
        : {}),
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
      ingress: ingress.enabled
        ? {
            enabled: true,
            ingressClassName: g.ingressClass ?? "internal",
            ...(certificates.enabled
              ? {
                  annotations: {
                    "cert-manager.io/cluster-issuer": g.clusterIssuer ?? "letsencrypt-production",
                  },
                }
              : {}),
            hosts: [host],
            path: "/",
            pathType: "Prefix",
            ...(certificates.enabled ? { tls: [{ secretName: "grafana-tls", hosts: [host] }] } : {}),
          }
        : { enabled: false },
    },
  });
}
