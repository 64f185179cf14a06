import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  type Integration,
  MYSQL,
  RABBITMQ,
  REDIS,
  secretRef,
} from "@helix-cluster/core";
import {
  type DatabaseRequest,
  databasesIntegration,
  passwordSource,
  type ResolvedDatabase,
  resolveDatabase,
  usedHandles,
} from "./databases.js";
import { grafanaUrl, RELEASE } from "./names.js";
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

/** OnCall's databases: what it asks for and what the cluster has (undefined: nothing found). */
export interface OnCallDatabases {
  readonly requests: Readonly<Record<"mysql" | "redis" | "rabbitmq", DatabaseRequest>>;
  readonly mysql: ResolvedDatabase | undefined;
  readonly redis: ResolvedDatabase | undefined;
  readonly rabbitmq: ResolvedDatabase | undefined;
}

/** The MySQL database, Redis and RabbitMQ user OnCall asks for, each resolved from a handle or an option. */
export function oncallDatabases(opts: MonitoringOptions, context: BuildContext): OnCallDatabases {
  const databaseName = enabledOptions(opts.oncall)?.database ?? "oncall";
  const requests: Record<"mysql" | "redis" | "rabbitmq", DatabaseRequest> = {
    mysql: {
      contract: MYSQL,
      matches: (h) => h.database === databaseName,
      what: `MySQL database "${databaseName}"`,
      fallback: opts.dataPlane?.mysql,
      optionPath: "dataPlane.mysql",
    },
    redis: {
      contract: REDIS,
      matches: () => true,
      what: "a Redis server",
      fallback: opts.dataPlane?.redis,
      optionPath: "dataPlane.redis",
    },
    rabbitmq: {
      contract: RABBITMQ,
      matches: (h) => h.user === "oncall",
      what: 'RabbitMQ user "oncall"',
      fallback: opts.dataPlane?.rabbitmq,
      optionPath: "dataPlane.rabbitmq",
    },
  };
  return {
    requests,
    mysql: resolveDatabase(context, requests.mysql),
    redis: resolveDatabase(context, requests.redis),
    rabbitmq: resolveDatabase(context, requests.rabbitmq),
  };
}

/**
 * OnCall's switch: `false` off, an object on (a missing database is then a problem), absent on
 * exactly when the cluster has all three of its databases (handles or `dataPlane` options). The
 * integration records it on the status page.
 */
export function oncallSwitch(opts: MonitoringOptions, context: BuildContext): Integration {
  if (opts.oncall === false)
    return { name: "oncall", enabled: false, reason: "off: option oncall is false", missing: [] };
  if (opts.oncall !== undefined)
    return { name: "oncall", enabled: true, reason: "on: option oncall is set", missing: [] };
  const { requests, mysql, redis, rabbitmq } = oncallDatabases(opts, context);
  const lacking = (
    [
      [requests.mysql, mysql],
      [requests.redis, redis],
      [requests.rabbitmq, rabbitmq],
    ] as const
  )
    .filter(([, d]) => d === undefined)
    .map(([r]) => `no component provides ${r.what} and ${r.optionPath} is not set`);
  return lacking.length === 0
    ? {
        name: "oncall",
        enabled: true,
        reason: "auto: the cluster has its MySQL, Redis and RabbitMQ",
        missing: [],
      }
    : { name: "oncall", enabled: false, reason: `auto: off, ${lacking.join("; ")}`, missing: [] };
}

/**
 * Grafana OnCall, the receiver of every Alertmanager alert. The OSS project was archived on 2026-03-24:
 * the chart is pinned to its last release, 1.16.5. Its bundled Bitnami MariaDB, Redis and RabbitMQ
 * subcharts (frozen, unmaintained images) stay off: OnCall uses the MySQL, Redis and RabbitMQ the
 * cluster provides as handles (or the `dataPlane` options name), with credentials from SOPS secrets
 * whose passwords copy the handles' credentials.
 */
export function oncall(settings: ClusterSettings, opts: MonitoringOptions, context: BuildContext): Component {
  const o = enabledOptions(opts.oncall) ?? {};
  const { requests, mysql, redis, rabbitmq } = oncallDatabases(opts, context);
  const databases = databasesIntegration("OnCall", [
    [requests.mysql, mysql],
    [requests.redis, redis],
    [requests.rabbitmq, rabbitmq],
  ]);
  const source = (resolved: typeof mysql, key: string) => {
    const s = passwordSource(resolved, key);
    return s ? { source: s } : undefined;
  };
  // Unresolved databases: the integration reports what to add; those values are never applied.
  const host = (d: typeof mysql) => d?.address.host ?? "";
  const port = (d: typeof mysql) => d?.address.port ?? 0;
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
      secretRef(ONCALL_MYSQL_SECRET, ["username", "password"], source(mysql, "password")),
      secretRef(ONCALL_REDIS_SECRET, ["password"], source(redis, "password")),
      secretRef(ONCALL_RABBITMQ_SECRET, ["username", "password"], source(rabbitmq, "password")),
    ],
    timeout: "15m",
    kustomization: { timeout: "20m" },
    uses: usedHandles(mysql, redis, rabbitmq),
    integrations: [databases],
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
        host: host(mysql),
        port: port(mysql),
        db_name: o.database ?? "oncall",
        existingSecret: ONCALL_MYSQL_SECRET,
        usernameKey: "username",
        passwordKey: "password",
      },
      rabbitmq: { enabled: false },
      broker: { type: "rabbitmq" },
      externalRabbitmq: {
        host: host(rabbitmq),
        port: port(rabbitmq),
        protocol: "amqp",
        vhost: o.rabbitmqVhost ?? "oncall",
        existingSecret: ONCALL_RABBITMQ_SECRET,
        usernameKey: "username",
        passwordKey: "password",
      },
      redis: { enabled: false },
      externalRedis: {
        protocol: "redis",
        host: host(redis),
        port: port(redis),
        database: 0,
        existingSecret: ONCALL_REDIS_SECRET,
        passwordKey: "password",
      },
      grafana: { enabled: false },
      externalGrafana: { url: grafanaUrl(context.clusterDomain) },
      prometheus: { enabled: false },
    },
  });
}
