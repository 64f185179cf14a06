import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  secretRef,
} from "@helix-cluster/core";
import { dataPlane } from "./data-plane.js";
import { GRAFANA_URL, RELEASE } from "./names.js";
import {
  type MonitoringOptions,
  NAMESPACE,
  ONCALL_APP_SECRET,
  ONCALL_MYSQL_SECRET,
  ONCALL_RABBITMQ_SECRET,
  ONCALL_REDIS_SECRET,
} from "./options.js";
import type { OnCallValues } from "./values/oncall.js";

/** The OnCall chart: OnCall OSS is archived (2026-03-24), 1.16.5 is its last published chart. */
// renovate: datasource=helm depName=oncall registryUrl=https://grafana.github.io/helm-charts
export const ONCALL_CHART_VERSION = "1.16.5";

/**
 * Grafana OnCall, the receiver of every Alertmanager alert. The OSS project was archived on 2026-03-24:
 * the chart is pinned to its last release, 1.16.5. Its bundled Bitnami MariaDB, Redis and RabbitMQ
 * subcharts (frozen, unmaintained images) stay off: OnCall uses the data plane's MySQL, Redis and
 * RabbitMQ, with credentials from SOPS secrets.
 */
export function oncall(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const o = opts.oncall ?? {};
  const { mysql, redis, rabbitmq } = dataPlane(opts);
  return helmComponent<OnCallValues>({
    name: RELEASE.oncall,
    namespace: NAMESPACE,
    chart: {
      repository: "https://grafana.github.io/helm-charts",
      chart: "oncall",
      version: ONCALL_CHART_VERSION,
    },
    secrets: [
      secretRef(ONCALL_APP_SECRET, ["secret-key", "mirage-secret-key"]),
      secretRef(ONCALL_MYSQL_SECRET, ["username", "password"]),
      secretRef(ONCALL_REDIS_SECRET, ["password"]),
      secretRef(ONCALL_RABBITMQ_SECRET, ["username", "password"]),
    ],
    timeout: "15m",
    kustomization: { timeout: "20m" },
    values: {
      fullnameOverride: RELEASE.oncall,
      base_url: o.hostname ?? `oncall.${settings.domain}`,
      base_url_protocol: "https",
      engine: { replicaCount: 2, resources: containerResources("200m", "512Mi", "1Gi") },
      celery: { replicaCount: 2, resources: containerResources("200m", "512Mi", "1Gi") },
      migrate: { enabled: true, resources: containerResources("100m", "256Mi", "512Mi") },
      init: { resources: containerResources("10m", "32Mi", "64Mi") },
      oncall: {
        secrets: {
          existingSecret: ONCALL_APP_SECRET,
          secretKey: "secret-key",
          mirageSecretKey: "mirage-secret-key",
        },
        smtp: { enabled: false },
      },
      // Ingress, TLS and the ingress controller belong to the network and cert-manager packages.
      ingress: { enabled: false },
      "ingress-nginx": { enabled: false },
      "cert-manager": { enabled: false },
      database: { type: "mysql" },
      mariadb: { enabled: false },
      postgresql: { enabled: false },
      externalMysql: {
        host: mysql.host,
        port: mysql.port,
        db_name: o.database ?? "oncall",
        existingSecret: ONCALL_MYSQL_SECRET,
        usernameKey: "username",
        passwordKey: "password",
      },
      rabbitmq: { enabled: false },
      broker: { type: "rabbitmq" },
      externalRabbitmq: {
        host: rabbitmq.host,
        port: rabbitmq.port,
        protocol: "amqp",
        vhost: o.rabbitmqVhost ?? "oncall",
        existingSecret: ONCALL_RABBITMQ_SECRET,
        usernameKey: "username",
        passwordKey: "password",
      },
      redis: { enabled: false },
      externalRedis: {
        protocol: "redis",
        host: redis.host,
        port: redis.port,
        database: 0,
        existingSecret: ONCALL_REDIS_SECRET,
        passwordKey: "password",
      },
      grafana: { enabled: false },
      externalGrafana: { url: GRAFANA_URL },
      prometheus: { enabled: false },
    },
  });
}
