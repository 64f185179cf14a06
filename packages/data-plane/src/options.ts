import type { IntegrationOption, ServiceToggle } from "@helix-cluster/core";

/** Options of the data-plane namespace package. Each service is left out with `false`. */
export interface DataPlaneOptions {
  /**
   * OpenEBS LocalPV hostpath provisioner and the default StorageClass; `false` leaves it out.
   * @default {} on k3s, false elsewhere
   */
  readonly openebs?: ServiceToggle<OpenEbsOptions>;
  /** Redis operator and the replicated Redis with Sentinel; `false` leaves them out. @default {} */
  readonly redis?: ServiceToggle<RedisOptions>;
  /** MySQL operator and the InnoDB Cluster; `false` leaves them out. @default {} */
  readonly mysql?: ServiceToggle<MysqlOptions>;
  /** RabbitMQ operators and the RabbitMQ cluster; `false` leaves them out. @default {} */
  readonly rabbitmq?: ServiceToggle<RabbitmqOptions>;
  /**
   * One PostgreSQL instance for the databases listed; `false`, or no database listed, leaves it out.
   * @default {}
   */
  readonly postgres?: ServiceToggle<PostgresOptions>;
  /** Velero: backup storage locations, file-system backups and schedules; `false` leaves it out. @default {} */
  readonly velero?: ServiceToggle<VeleroOptions>;
  /**
   * StorageClass of the data services' volumes.
   * @default "openebs-hostpath" when OpenEBS is enabled, else the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * ServiceMonitors/PodMonitors of the charts (RabbitMQ operator, Velero): "auto" creates them when
   * the cluster installs the `monitoring.coreos.com` CRDs (the monitoring package), `true` requires them.
   * @default "auto"
   */
  readonly monitoring?: IntegrationOption;
  /**
   * The RabbitMQ topology operator's webhook certificate from cert-manager: "auto" when the cluster
   * installs cert-manager's CRDs (the cert-manager package), else the chart's self-signed one.
   * @default "auto"
   */
  readonly certificates?: IntegrationOption;
}

/** PostgreSQL options. */
export interface PostgresOptions {
  /**
   * Databases and their owners. The first is created by the image on first start, its owner the
   * instance's superuser; a Job creates the others (idempotently) once the server is up.
   * @default [] (no PostgreSQL)
   */
  readonly databases?: readonly PostgresDatabase[];
  /** Volume size. @default "20Gi" */
  readonly storageSize?: string;
  /** Memory request and limit. @default "1Gi" */
  readonly memory?: string;
}

/** A database of an app in PostgreSQL, owned by its own user. */
export interface PostgresDatabase {
  /** Database name. */
  readonly name: string;
  /** Its owner. */
  readonly user: string;
  /** Data-plane SOPS secret holding the owner's password (key `password`). */
  readonly passwordSecret: string;
}

/** OpenEBS LocalPV hostpath options. */
export interface OpenEbsOptions {
  /** Directory on every node under which the volumes are created. @default "/var/openebs/local" */
  readonly basePath?: string;
}

/** Redis options. */
export interface RedisOptions {
  /** Redis pods of the replication (one master, the rest replicas). @default 3 */
  readonly replicas?: number;
  /** Sentinel pods watching the replication. @default 3 */
  readonly sentinels?: number;
  /** Volume size of each Redis pod. @default "8Gi" */
  readonly storageSize?: string;
  /** Memory request and limit of each Redis container. @default "1Gi" */
  readonly memory?: string;
}

/** MySQL InnoDB Cluster options. */
export interface MysqlOptions {
  /** Group Replication members. @default 3 */
  readonly instances?: number;
  /** MySQL Router pods in front of the members. @default 2 */
  readonly routers?: number;
  /** MySQL Server (and Router) version. @default "8.4.9" */
  readonly serverVersion?: string;
  /** Data directory size of each member. @default "50Gi" */
  readonly storageSize?: string;
  /** Memory request and limit of each mysqld container. @default "4Gi" */
  readonly memory?: string;
  /** Cron expression of the logical dump (in settings.timeZone). @default "30 0 * * *" */
  readonly backupSchedule?: string;
  /** Slot of settings.buckets the dumps go to. @default "backups" */
  readonly backupBucket?: string;
  /** Databases and owners apps need (created idempotently by a Job after the cluster is up). @default [] */
  readonly databases?: readonly AppDatabase[];
}

/** A database of an app in the MySQL cluster, owned by its own user. */
export interface AppDatabase {
  /** Database name. */
  readonly name: string;
  /** The app's MySQL user; it gets all privileges on this database only. */
  readonly user: string;
  /** Data-plane SOPS secret holding the user's password (key `password`): the same value the app's own secret carries. */
  readonly passwordSecret: string;
}

/** A RabbitMQ vhost of an app and its user, managed by the messaging-topology operator. */
export interface AppVhost {
  /** Vhost name. */
  readonly name: string;
  /** The user's name, which the secret's `username` must hold. @default the vhost name */
  readonly user?: string;
  /** Data-plane SOPS secret with the user's `username` and `password` (the values the app's own secret carries). */
  readonly credentialsSecret: string;
}

/** RabbitMQ options. */
export interface RabbitmqOptions {
  /** RabbitMQ nodes. @default 3 */
  readonly replicas?: number;
  /** Volume size of each node. @default "20Gi" */
  readonly storageSize?: string;
  /** Memory request and limit of each node (RabbitMQ derives its watermark from it). @default "2Gi" */
  readonly memory?: string;
  /** Vhosts and users apps need, with full permissions on their own vhost. @default [] */
  readonly vhosts?: readonly AppVhost[];
}

/** A Velero backup storage location: a bucket slot and the Secret with its credentials. */
export interface VeleroLocation {
  /** BackupStorageLocation name; the first location is the default one. */
  readonly name: string;
  /** Slot of settings.buckets. */
  readonly bucket: string;
  /** Data-plane SOPS secret with an AWS credentials file under the key `cloud`. */
  readonly credentialsSecret: string;
}

/** The neutral locations: the "backups" slot, and an off-site copy in "offsiteBackups". */
export const DEFAULT_VELERO_LOCATIONS: readonly VeleroLocation[] = [
  { name: "primary", bucket: "backups", credentialsSecret: "velero-primary-credentials" },
  { name: "offsite", bucket: "offsiteBackups", credentialsSecret: "velero-offsite-credentials" },
];

/** Velero options. */
export interface VeleroOptions {
  /**
   * Where backups go, one location per bucket slot; each schedule runs to each location, the
   * later ones an hour apart.
   * @default DEFAULT_VELERO_LOCATIONS (slots "backups" and "offsiteBackups")
   */
  readonly locations?: readonly VeleroLocation[];
  /** Prefix inside each bucket under which Velero writes. @default "velero" */
  readonly prefix?: string;
  /** Render the daily, weekly and monthly Schedules. @default true */
  readonly schedules?: boolean;
  /**
   * Mount every location read-only: for a standby (the DR cluster) that restores from the
   * production backups and must never write into them.
   * @default false
   */
  readonly readOnly?: boolean;
  /**
   * StorageClasses to swap on restore, source → target (e.g. { "openebs-hostpath": "gp3" } on the
   * EKS standby, which has no OpenEBS).
   * @default {}
   */
  readonly storageClassMapping?: Readonly<Record<string, string>>;
}

/** Namespace of the data plane: storage, the data services, their operators and Velero. */
export const DATA_PLANE_NAMESPACE = "data-plane";
/** The StorageClass this package renders (default class of the cluster). */
export const OPENEBS_HOSTPATH_CLASS = "openebs-hostpath";

/** Redis password (key "password"), used by Redis, Sentinel and clients. */
export const REDIS_SECRET = "redis-auth";
/** MySQL root account (keys rootUser, rootHost, rootPassword). */
export const MYSQL_ROOT_SECRET = "mysql-root";
/** AWS-style `credentials` and `config` files MySQL Shell uses to write dumps to S3. */
export const MYSQL_BACKUP_SECRET = "mysql-backup-s3";
/** RabbitMQ default user (keys username, password, default_user.conf). */
export const RABBITMQ_USER_SECRET = "rabbitmq-default-user-credentials";
/** Kopia repository password Velero encrypts file-system backups with. */
export const VELERO_REPO_SECRET = "velero-repo-credentials";
