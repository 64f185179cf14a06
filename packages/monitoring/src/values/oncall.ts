import type { ResourcesValue } from "./common.js";

/** Settings shared by OnCall's workloads. */
interface OnCallWorkload {
  replicaCount?: number;
  resources?: ResourcesValue;
}

/** Values of grafana/oncall 1.16.5 that this package sets. */
export interface OnCallValues {
  fullnameOverride?: string;
  base_url?: string;
  base_url_protocol?: string;
  engine?: OnCallWorkload;
  celery?: OnCallWorkload;
  migrate?: { enabled?: boolean; resources?: ResourcesValue };
  init?: { resources?: ResourcesValue };
  oncall?: {
    secrets?: { existingSecret?: string; secretKey?: string; mirageSecretKey?: string };
    smtp?: { enabled?: boolean };
  };
  ingress?: { enabled?: boolean };
  "ingress-nginx"?: { enabled?: boolean };
  "cert-manager"?: { enabled?: boolean };
  database?: { type?: "mysql" | "postgresql" };
  mariadb?: { enabled?: boolean };
  postgresql?: { enabled?: boolean };
  externalMysql?: {
    host?: string;
    port?: number;
    db_name?: string;
    existingSecret?: string;
    usernameKey?: string;
    passwordKey?: string;
  };
  rabbitmq?: { enabled?: boolean };
  broker?: { type?: "rabbitmq" | "redis" };
  externalRabbitmq?: {
    host?: string;
    port?: number;
    protocol?: string;
    vhost?: string;
    existingSecret?: string;
    usernameKey?: string;
    passwordKey?: string;
  };
  redis?: { enabled?: boolean };
  externalRedis?: {
    protocol?: string;
    host?: string;
    port?: number;
    database?: number;
    existingSecret?: string;
    passwordKey?: string;
  };
  grafana?: { enabled?: boolean };
  externalGrafana?: { url?: string };
  prometheus?: { enabled?: boolean };
}
