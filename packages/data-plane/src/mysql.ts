import {
  type ClusterSettings,
  type Component,
  containerResources,
  type DatabaseHandle,
  databaseHandle,
  helmRelease,
  MYSQL,
  secretRef,
} from "@helix-cluster/core";
import * as mysqlModels from "@helix-cluster/core/models/mysql-operator";
import {
  type AppDatabase,
  DATA_PLANE_NAMESPACE,
  type DataPlaneOptions,
  MYSQL_BACKUP_SECRET,
  MYSQL_ROOT_SECRET,
  type MysqlOptions,
} from "./options.js";
import { bucketSlot, onePerNode, storageClassOf, storageDependsOn } from "./shared.js";

const { InnoDBCluster } = mysqlModels.mysqlOracleCom.v2;

/** MySQL Server (and Router) version the cluster runs unless the options say otherwise. */
// renovate: datasource=docker depName=container-registry.oracle.com/mysql/community-server
export const MYSQL_SERVER_VERSION = "8.4.9";

/** Values of the mysql-operator chart that this package sets (the chart ships no values schema). */
export interface MysqlOperatorValues {
  readonly image?: { readonly pullPolicy?: string };
  readonly envs?: { readonly imagesPullPolicy?: string };
}

/** Resource types whose CRDs the mysql-operator chart installs. */
export const MYSQL_OPERATOR_CRDS = [
  "mysql.oracle.com/InnoDBCluster",
  "mysql.oracle.com/MySQLBackup",
  "zalando.org/ClusterKopfPeering",
  "zalando.org/KopfPeering",
] as const;

/** Name of the InnoDBCluster; its Router Service "mysql" listens on 3306 (read-write). */
export const MYSQL_NAME = "mysql";
/** The router Service's read-write port apps connect to (3306 forwards to it too). */
export const MYSQL_ROUTER_RW_PORT = 6446;
/** Name of the backup profile the schedule uses. */
export const MYSQL_BACKUP_PROFILE = "dump-to-s3";

/**
 * Oracle's MySQL Operator. Held at chart 2.2.2 (operator 9.1.0-2.2.2): the InnoDBCluster schema we
 * validate against comes from that release; newer operators exist (see README).
 */
export function mysqlOperator(_settings: ClusterSettings): Component {
  const [source, release] = helmRelease<MysqlOperatorValues>({
    name: "mysql-operator",
    namespace: DATA_PLANE_NAMESPACE,
    chart: {
      repository: "https://mysql.github.io/mysql-operator/",
      chart: "mysql-operator",
      // renovate: datasource=helm depName=mysql-operator registryUrl=https://mysql.github.io/mysql-operator/
      version: "2.2.2",
    },
    values: { image: { pullPolicy: "IfNotPresent" }, envs: { imagesPullPolicy: "IfNotPresent" } },
  });
  // The chart has no resources value: set them on its Deployment with a post-render patch.
  const patch = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: "mysql-operator" },
    spec: {
      template: {
        spec: {
          containers: [{ name: "mysql-operator", resources: containerResources("100m", "256Mi", "512Mi") }],
        },
      },
    },
  };
  if (release.spec) {
    release.spec.postRenderers = [
      {
        kustomize: {
          patches: [{ target: { kind: "Deployment", name: "mysql-operator" }, patch: JSON.stringify(patch) }],
        },
      },
    ];
  }
  return {
    name: "mysql-operator",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [source, release],
    installsCrds: MYSQL_OPERATOR_CRDS,
  };
}

/** innodb_buffer_pool_size at 60% of a "<n>Gi"/"<n>Mi" memory limit; undefined for other forms. */
export function bufferPoolSize(memory: string): string | undefined {
  const m = /^(\d+)(Gi|Mi)$/.exec(memory);
  if (!m) return undefined;
  const mib = Number(m[1]) * (m[2] === "Gi" ? 1024 : 1);
  return `${Math.floor(mib * 0.6)}M`;
}

/**
 * A 3-member InnoDB Cluster (Group Replication, single primary) behind 2 MySQL Routers, with a
 * daily logical dump (MySQL Shell dumpInstance) to S3. Velero skips its data directories: a dump
 * is consistent, a file copy of a running InnoDB datadir is not.
 */
export function mysql(settings: ClusterSettings, opts: DataPlaneOptions, o: MysqlOptions): Component {
  const instances = o.instances ?? 3;
  const memory = o.memory ?? "4Gi";
  const version = o.serverVersion ?? MYSQL_SERVER_VERSION;
  const bucket = bucketSlot(settings, o.backupBucket ?? "backups", "mysql.backupBucket");
  const storageClassName = storageClassOf(settings, opts);
  const pool = bufferPoolSize(memory);
  const cluster = new InnoDBCluster({
    metadata: { name: MYSQL_NAME, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      secretName: MYSQL_ROOT_SECRET,
      // The operator issues and rotates the certificates; clients still get encrypted connections.
      tlsUseSelfSigned: true,
      version,
      instances,
      imagePullPolicy: "IfNotPresent",
      ...(pool ? { mycnf: `[mysqld]\ninnodb_buffer_pool_size=${pool}\n` } : {}),
      datadirVolumeClaimTemplate: {
        ...(storageClassName ? { storageClassName } : {}),
        accessModes: ["ReadWriteOnce"],
        resources: { requests: { storage: o.storageSize ?? "50Gi" } },
      },
      podAnnotations: { "backup.velero.io/backup-volumes-excludes": "datadir" },
      podSpec: {
        affinity: onePerNode({ "mysql.oracle.com/cluster": MYSQL_NAME, component: "mysqld" }),
        containers: [
          { name: "mysql", resources: containerResources("500m", memory) },
          { name: "sidecar", resources: containerResources("50m", "256Mi", "512Mi") },
        ],
      },
      router: {
        instances: o.routers ?? 2,
        version,
        podSpec: {
          affinity: onePerNode({ "mysql.oracle.com/cluster": MYSQL_NAME, component: "mysqlrouter" }),
          containers: [{ name: "router", resources: containerResources("100m", "256Mi", "512Mi") }],
        },
      },
      backupProfiles: [
        {
          name: MYSQL_BACKUP_PROFILE,
          dumpInstance: {
            storage: {
              s3: {
                bucketName: bucket.bucket,
                prefix: `mysql/${MYSQL_NAME}`,
                config: MYSQL_BACKUP_SECRET,
                ...(bucket.endpoint ? { endpoint: bucket.endpoint } : {}),
              },
            },
          },
        },
      ],
      backupSchedules: [
        {
          name: "daily-dump",
          schedule: o.backupSchedule ?? "30 0 * * *",
          backupProfileName: MYSQL_BACKUP_PROFILE,
          enabled: true,
          deleteBackupData: false,
          timeZone: settings.timeZone ?? "Etc/UTC",
        },
      ],
    },
  });
  return {
    name: "mysql",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [cluster],
    secrets: [
      secretRef(MYSQL_ROOT_SECRET, ["rootUser", "rootHost", "rootPassword"]),
      secretRef(MYSQL_BACKUP_SECRET, ["credentials", "config"]),
    ],
    kustomization: { dependsOn: storageDependsOn(settings, opts) },
    provides: (o.databases ?? []).map(mysqlDatabaseHandle),
    // The operator creates the router Service from the InnoDBCluster; no chart to check it against.
    chartServices: [MYSQL_NAME],
  };
}

/** The handle of an app's MySQL database: the router Service, the database, its owner and password. */
export function mysqlDatabaseHandle(db: AppDatabase): DatabaseHandle {
  return databaseHandle(MYSQL, {
    endpoint: {
      namespace: DATA_PLANE_NAMESPACE,
      service: MYSQL_NAME,
      port: MYSQL_ROUTER_RW_PORT,
      scheme: "mysql",
    },
    database: db.name,
    user: db.user,
    credentials: { namespace: DATA_PLANE_NAMESPACE, name: db.passwordSecret, key: "password" },
  });
}
