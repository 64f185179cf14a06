import {
  type BuildContext,
  buildContextOf,
  type ClusterSettings,
  type Component,
  type DatabaseHandle,
  defineNamespacePackage,
  enabledOptions,
  POD_MONITOR,
  resolveIntegration,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { appDatabases } from "./app-databases.js";
import { ebsStorageClass } from "./ebs-storage-class.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { mysql, mysqlDatabaseHandle, mysqlOperator } from "./mysql.js";
import { openebs } from "./openebs.js";
import { DATA_PLANE_NAMESPACE, type DataPlaneOptions, type PostgresDatabase } from "./options.js";
import { postgres, postgresDatabaseHandle } from "./postgres.js";
import { postgresAppDatabases } from "./postgres-app-databases.js";
import { rabbitmq, rabbitmqOperators, rabbitmqVhostHandle, WEBHOOK_CERTIFICATE_TYPES } from "./rabbitmq.js";
import { redis, redisHandle, redisOperator } from "./redis.js";
import { monitoringIntegration, openebsOptions } from "./shared.js";
import { velero } from "./velero.js";
import { veleroBackups } from "./velero-backups.js";

export { appDatabases, appDatabasesSql } from "./app-databases.js";
export { EBS_GP3_CLASS, ebsStorageClass } from "./ebs-storage-class.js";
export {
  bufferPoolSize,
  MYSQL_BACKUP_PROFILE,
  MYSQL_NAME,
  MYSQL_OPERATOR_CRDS,
  MYSQL_ROUTER_RW_PORT,
  mysql,
  mysqlDatabaseHandle,
  mysqlOperator,
} from "./mysql.js";
export { OPENEBS_BASE_PATH, openebs, openebsHostpathStorageClass } from "./openebs.js";
export * from "./options.js";
export {
  POSTGRES_IMAGE,
  POSTGRES_NAME,
  POSTGRES_PORT,
  postgres,
  postgresDatabaseHandle,
} from "./postgres.js";
export { postgresAppDatabases, postgresDatabasesSql } from "./postgres-app-databases.js";
export {
  appVhost,
  RABBITMQ_CRDS,
  RABBITMQ_NAME,
  rabbitmq,
  rabbitmqOperators,
  rabbitmqVhostHandle,
  WEBHOOK_CERTIFICATE_TYPES,
} from "./rabbitmq.js";
export {
  REDIS_MASTER_GROUP,
  REDIS_MASTER_SERVICE,
  REDIS_NAME,
  REDIS_OPERATOR_CRDS,
  REDIS_SENTINEL_NAME,
  redis,
  redisHandle,
  redisOperator,
} from "./redis.js";
export { cronIn } from "./shared.js";
export { kubectlTag, storageClassMappingConfig, VELERO_CRDS, velero } from "./velero.js";
export {
  BACKUP_CADENCES,
  type BackupCadence,
  type BackupLocation,
  backupLocations,
  backupSchedule,
  backupStorageLocation,
  veleroBackups,
} from "./velero-backups.js";

/**
 * Every component of the data plane, operators before the objects that need their CRDs; a service
 * set to `false` is left out with its operator.
 */
export function dataPlaneComponents(
  settings: ClusterSettings,
  opts: DataPlaneOptions,
  context: BuildContext = buildContextOf("data-plane", settings),
): Component[] {
  const openebsOpts = openebsOptions(settings, opts);
  const redisOpts = enabledOptions(opts.redis);
  const mysqlOpts = enabledOptions(opts.mysql);
  const rabbitmqOpts = enabledOptions(opts.rabbitmq);
  const postgresOpts = enabledOptions(opts.postgres);
  const veleroOpts = enabledOptions(opts.velero);
  const present = <T>(c: T | undefined): T[] => (c === undefined ? [] : [c]);
  return [
    ...(openebsOpts ? [openebs(settings, openebsOpts)] : []),
    ...(settings.distribution === "eks" ? [ebsStorageClass(settings)] : []),
    ...(redisOpts ? [redisOperator(settings), redis(settings, opts, redisOpts)] : []),
    ...(mysqlOpts
      ? [
          mysqlOperator(settings),
          mysql(settings, opts, mysqlOpts),
          ...present(appDatabases(settings, mysqlOpts)),
        ]
      : []),
    ...(rabbitmqOpts
      ? [
          rabbitmqOperators(
            settings,
            monitoringIntegration(context, opts, [SERVICE_MONITOR]),
            resolveIntegration(context, {
              name: "certificates",
              option: opts.certificates,
              needs: { types: WEBHOOK_CERTIFICATE_TYPES },
              addHint: "@helix-cluster/cert-manager",
            }),
          ),
          rabbitmq(settings, opts, rabbitmqOpts),
        ]
      : []),
    ...present(postgresOpts ? postgres(settings, opts, postgresOpts) : undefined),
    ...present(postgresOpts ? postgresAppDatabasesOf(postgresOpts.databases ?? []) : undefined),
    ...(veleroOpts
      ? [
          velero(settings, veleroOpts, monitoringIntegration(context, opts, [POD_MONITOR, SERVICE_MONITOR])),
          veleroBackups(settings, veleroOpts),
        ]
      : []),
  ];
}

/** The Job creating the PostgreSQL databases after the first, when more than one is listed. */
function postgresAppDatabasesOf(databases: readonly PostgresDatabase[]): Component | undefined {
  const [owner, ...more] = databases;
  return owner ? postgresAppDatabases(owner, more) : undefined;
}

/**
 * The handles the data plane provides with these options, by contract: each MySQL database, each
 * RabbitMQ vhost, the Redis master and each PostgreSQL database. A cluster may wire them into other
 * packages by hand; those packages also find them through the build context.
 */
export function dataPlaneHandles(opts: DataPlaneOptions): {
  readonly mysql: readonly DatabaseHandle[];
  readonly rabbitmq: readonly DatabaseHandle[];
  readonly redis: readonly DatabaseHandle[];
  readonly postgres: readonly DatabaseHandle[];
} {
  const m = enabledOptions(opts.mysql);
  const r = enabledOptions(opts.rabbitmq);
  const p = enabledOptions(opts.postgres);
  return {
    mysql: (m?.databases ?? []).map(mysqlDatabaseHandle),
    rabbitmq: (r?.vhosts ?? []).map(rabbitmqVhostHandle),
    redis: enabledOptions(opts.redis) ? [redisHandle()] : [],
    postgres: (p?.databases ?? []).map(postgresDatabaseHandle),
  };
}

/**
 * The data-plane namespace: local storage, Redis, MySQL and RabbitMQ with their operators, and
 * Velero. Privileged Pod Security because Velero's node agent and OpenEBS' helper pods mount host
 * paths; out of the mesh because Group Replication, Sentinel and Erlang clustering talk pod to pod.
 */
export const dataPlane = defineNamespacePackage<DataPlaneOptions>({
  packageName: "@helix-cluster/data-plane",
  chartValuesSchemas,
  namespace: DATA_PLANE_NAMESPACE,
  optionsSchema,
  labels: () => ({
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/audit": "baseline",
    "pod-security.kubernetes.io/warn": "baseline",
    "istio-injection": "disabled",
  }),
  components: dataPlaneComponents,
});
export * from "./generated/values/index.js";
