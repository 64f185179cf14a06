import { type ClusterSettings, type Component, defineNamespacePackage } from "@helix-cluster/core";
import { appDatabases } from "./app-databases.js";
import { ebsStorageClass } from "./ebs-storage-class.js";
import { optionsSchema } from "./generated/options-schema.js";
import { mysql, mysqlOperator } from "./mysql.js";
import { openebs } from "./openebs.js";
import { DATA_PLANE_NAMESPACE, type DataPlaneOptions } from "./options.js";
import { postgres } from "./postgres.js";
import { rabbitmq, rabbitmqOperators } from "./rabbitmq.js";
import { redis, redisOperator } from "./redis.js";
import { openebsEnabled } from "./shared.js";
import { velero } from "./velero.js";
import { veleroBackups } from "./velero-backups.js";

export { appDatabases, appDatabasesSql } from "./app-databases.js";
export { EBS_GP3_CLASS, ebsStorageClass } from "./ebs-storage-class.js";
export {
  bufferPoolSize,
  MYSQL_BACKUP_PROFILE,
  MYSQL_NAME,
  MYSQL_OPERATOR_CRDS,
  mysql,
  mysqlOperator,
} from "./mysql.js";
export { OPENEBS_BASE_PATH, openebs, openebsHostpathStorageClass } from "./openebs.js";
export * from "./options.js";
export { POSTGRES_NAME, POSTGRES_SECRET, postgres } from "./postgres.js";
export { appVhost, RABBITMQ_CRDS, RABBITMQ_NAME, rabbitmq, rabbitmqOperators } from "./rabbitmq.js";
export {
  REDIS_MASTER_GROUP,
  REDIS_NAME,
  REDIS_OPERATOR_CRDS,
  REDIS_SENTINEL_NAME,
  redis,
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

/** Every component of the data plane, operators before the objects that need their CRDs. */
export function dataPlaneComponents(settings: ClusterSettings, opts: DataPlaneOptions): Component[] {
  return [
    ...(openebsEnabled(settings, opts) ? [openebs(settings, opts)] : []),
    ...(settings.distribution === "eks" ? [ebsStorageClass(settings)] : []),
    redisOperator(settings, opts),
    redis(settings, opts),
    mysqlOperator(settings, opts),
    mysql(settings, opts),
    ...[appDatabases(settings, opts)].filter((c): c is Component => c !== undefined),
    rabbitmqOperators(settings, opts),
    rabbitmq(settings, opts),
    postgres(settings, opts),
    velero(settings, opts),
    veleroBackups(settings, opts),
  ];
}

/**
 * The data-plane namespace: local storage, Redis, MySQL and RabbitMQ with their operators, and
 * Velero. Privileged Pod Security because Velero's node agent and OpenEBS' helper pods mount host
 * paths; out of the mesh because Group Replication, Sentinel and Erlang clustering talk pod to pod.
 */
export const dataPlane = defineNamespacePackage<DataPlaneOptions>({
  packageName: "@helix-cluster/data-plane",
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
