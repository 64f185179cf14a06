import type { IntegrationOption, PodAutoscalingOptions } from "@helix-cluster/core";

/** Namespace of the whole observability stack. */
export const NAMESPACE = "monitoring";

/** Prometheus and Alertmanager (kube-prometheus-stack). */
export interface PrometheusOptions {
  /** Local TSDB retention; Mimir keeps the long-term copy. @default "2d" */
  readonly retention?: string;
  /** Size of the Prometheus volume. @default "40Gi" */
  readonly storageSize?: string;
  /** Default scrape and rule evaluation interval. @default "30s" */
  readonly scrapeInterval?: string;
  /** Alertmanager replicas forming one gossip cluster. @default 3 */
  readonly alertmanagerReplicas?: number;
}

/** Grafana. */
export interface GrafanaOptions {
  /** Fewest replicas, sharing the MySQL database and an alerting HA cluster. @default 2 */
  readonly replicas?: number;
  /** CPU autoscaling of the UI (the chart's HPA). @default { maxReplicas: 4 } */
  readonly autoscaling?: PodAutoscalingOptions | false;
  /** Public host name of the UI. @default "grafana.<settings.domain>" */
  readonly hostname?: string;
  /**
   * Publish the UI through an Ingress. @default "auto" (on when some component provides an ingress class)
   */
  readonly ingress?: IntegrationOption;
  /** Ingress class the UI is published on. @default "internal" */
  readonly ingressClass?: string;
  /**
   * TLS for the Ingress from a cert-manager ClusterIssuer (ingress-shim annotation).
   * @default "auto" (on when the cluster installs cert-manager's ClusterIssuer type)
   */
  readonly certificates?: IntegrationOption;
  /** ClusterIssuer that signs the UI certificate (cert-manager ingress-shim). @default "letsencrypt-production" */
  readonly clusterIssuer?: string;
  /**
   * MySQL database holding Grafana's state: the MYSQL handle some component provides with this
   * database name, else `dataPlane.mysql`.
   * @default "grafana"
   */
  readonly database?: string;
}

/** Mimir (long-term metrics). */
export interface MimirOptions {
  /** How long metric blocks are kept in object storage. @default "365d" */
  readonly retention?: string;
  /** Volume of each ingester (WAL and head blocks). @default "50Gi" */
  readonly ingesterStorageSize?: string;
}

/** Loki (logs). */
export interface LokiOptions {
  /** How long log chunks are kept. @default "30d" */
  readonly retention?: string;
  /** Volume of each ingester (WAL). @default "20Gi" */
  readonly ingesterStorageSize?: string;
  /**
   * CPU autoscaling of the stateless paths (gateway, distributors, queriers), each from two
   * replicas; ingesters keep their fixed count (their data does not move with replicas).
   * @default { maxReplicas: 6 }
   */
  readonly autoscaling?: PodAutoscalingOptions | false;
}

/** Tempo (traces) and the Kafka log it ingests through. */
export interface TempoOptions {
  /** How long trace blocks are kept. @default "336h" */
  readonly retention?: string;
  /** Volume of each Kafka broker. @default "20Gi" */
  readonly kafkaStorageSize?: string;
  /** How long Kafka keeps spans (only a buffer until blocks are written). @default 24 */
  readonly kafkaRetentionHours?: number;
  /**
   * CPU autoscaling of the distributors and queriers, each from two replicas; block-builders and
   * live-stores stay at the Kafka partition count.
   * @default { maxReplicas: 6 }
   */
  readonly autoscaling?: PodAutoscalingOptions | false;
}

/** Pyroscope (continuous profiling). */
export interface PyroscopeOptions {
  /** Volume for the metastore and local block cache. @default "20Gi" */
  readonly storageSize?: string;
}

/** Grafana Alloy: the OTLP gateway and the node log collector. */
export interface AlloyOptions {
  /** Fewest replicas of the OTLP gateway (traces are load-balanced between them by trace ID). @default 2 */
  readonly otlpReplicas?: number;
  /** CPU and memory autoscaling of the OTLP gateway (the chart's HPA). @default { maxReplicas: 6, memoryUtilization: 80 } */
  readonly otlpAutoscaling?: PodAutoscalingOptions | false;
}

/** A host and port inside the cluster. */
export interface HostPort {
  readonly host: string;
  readonly port: number;
}

/**
 * Where the databases OnCall and Grafana use live, for a cluster whose components provide no MYSQL,
 * REDIS or RABBITMQ handle for them (a provided handle wins: it also orders the Flux Kustomizations
 * and names the one source of each password).
 */
export interface DataPlaneEndpoints {
  /** MySQL server (read-write). @default undefined (the MYSQL handle with the database's name) */
  readonly mysql?: HostPort;
  /** Redis master. @default undefined (the first REDIS handle) */
  readonly redis?: HostPort;
  /** RabbitMQ AMQP service. @default undefined (the RABBITMQ handle of user "oncall") */
  readonly rabbitmq?: HostPort;
}

/** Slots of `settings.buckets` each store keeps its data in. */
export interface BucketSlots {
  /** Mimir's blocks. @default "metrics" */
  readonly metrics?: string;
  /** Loki's chunks and index. @default "logs" */
  readonly logs?: string;
  /** Tempo's trace blocks. @default "traces" */
  readonly traces?: string;
  /** Pyroscope's profile blocks. @default "profiles" */
  readonly profiles?: string;
}

/** Grafana OnCall. */
export interface OnCallOptions {
  /** Public host name OnCall builds its integration links with. @default "oncall.<settings.domain>" */
  readonly hostname?: string;
  /** MySQL database of OnCall (the MYSQL handle with this name, else `dataPlane.mysql`). @default "oncall" */
  readonly database?: string;
  /** RabbitMQ virtual host of OnCall's Celery broker. @default "oncall" */
  readonly rabbitmqVhost?: string;
}

/** Options of the monitoring namespace package. */
export interface MonitoringOptions {
  /** StorageClass of every volume. @default the cluster's default StorageClass */
  readonly storageClass?: string;
  /** @default {} */
  readonly prometheus?: PrometheusOptions;
  /** @default {} */
  readonly grafana?: GrafanaOptions;
  /** @default {} */
  readonly mimir?: MimirOptions;
  /** Loki and the node log collector; `false` leaves them out. @default {} */
  readonly loki?: LokiOptions | false;
  /** Tempo and its Kafka; `false` leaves them out. @default {} */
  readonly tempo?: TempoOptions | false;
  /** Pyroscope; `false` leaves it out. @default {} */
  readonly pyroscope?: PyroscopeOptions | false;
  /** @default {} */
  readonly alloy?: AlloyOptions;
  /**
   * Grafana OnCall (Alertmanager's receiver); `false` leaves it out, an object asks for it (its
   * databases must then exist).
   * @default on when the cluster has its MySQL, Redis and RabbitMQ (handles or `dataPlane`), else off
   */
  readonly oncall?: OnCallOptions | false;
  /** @default {} */
  readonly dataPlane?: DataPlaneEndpoints;
  /** @default { metrics: "metrics", logs: "logs", traces: "traces", profiles: "profiles" } */
  readonly buckets?: BucketSlots;
  /**
   * Base URL of the alert runbooks; each rule's `runbook_url` is `<base>#<alert name in lower case>`
   * (the package's RUNBOOKS.md has one heading per alert).
   * @default undefined (rules carry no runbook_url)
   */
  readonly runbookBaseUrl?: string;
}

/** Secret holding Grafana's admin user and password. */
export const GRAFANA_ADMIN_SECRET = "grafana-admin";
/** Secret with Grafana's MySQL credentials as GF_DATABASE_* variables. */
export const GRAFANA_DATABASE_SECRET = "grafana-database";
/** Secret with the OnCall Alertmanager integration URL, mounted into Alertmanager. */
export const ONCALL_WEBHOOK_SECRET = "alertmanager-oncall-webhook";
/** Secret with OnCall's Django secret keys. */
export const ONCALL_APP_SECRET = "oncall-secrets";
/** Secret with OnCall's MySQL user. */
export const ONCALL_MYSQL_SECRET = "oncall-mysql";
/** Secret with OnCall's Redis password. */
export const ONCALL_REDIS_SECRET = "oncall-redis";
/** Secret with OnCall's RabbitMQ user. */
export const ONCALL_RABBITMQ_SECRET = "oncall-rabbitmq";
/** Keys of every S3 credentials Secret (the AWS SDK variable names, injected with envFrom). */
export const S3_SECRET_KEYS = ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"] as const;
