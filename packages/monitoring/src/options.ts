import { MONITORING_NAMESPACE, type PodAutoscalingOptions } from "@helix-cluster/core";

/** Namespace of the whole observability stack (core's MONITORING_NAMESPACE). */
export const NAMESPACE = MONITORING_NAMESPACE;

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
  /** Ingress class the UI is published on. @default "internal" */
  readonly ingressClass?: string;
  /** ClusterIssuer that signs the UI certificate (cert-manager ingress-shim). @default "letsencrypt-production" */
  readonly clusterIssuer?: string;
  /** MySQL database holding Grafana's state. @default "grafana" */
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

/** Where the data-plane services OnCall and Grafana use live. */
export interface DataPlaneEndpoints {
  /** MySQL InnoDB Cluster router, read-write port. @default { host: "mysql.data-plane.svc.cluster.local", port: 6446 } */
  readonly mysql?: HostPort;
  /** Service that always points at the current Redis master. @default { host: "redis-master.data-plane.svc.cluster.local", port: 6379 } */
  readonly redis?: HostPort;
  /** RabbitMQ cluster AMQP service. @default { host: "rabbitmq.data-plane.svc.cluster.local", port: 5672 } */
  readonly rabbitmq?: HostPort;
}

/** Grafana OnCall. */
export interface OnCallOptions {
  /** Public host name OnCall builds its integration links with. @default "oncall.<settings.domain>" */
  readonly hostname?: string;
  /** MySQL database of OnCall. @default "oncall" */
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
  /** @default {} */
  readonly loki?: LokiOptions;
  /** @default {} */
  readonly tempo?: TempoOptions;
  /** @default {} */
  readonly pyroscope?: PyroscopeOptions;
  /** @default {} */
  readonly alloy?: AlloyOptions;
  /** @default {} */
  readonly oncall?: OnCallOptions;
  /** @default {} */
  readonly dataPlane?: DataPlaneEndpoints;
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
