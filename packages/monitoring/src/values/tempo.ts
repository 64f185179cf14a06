import type { ChartHpaValues } from "../autoscaling.js";
import type { EnvFromValue, ResourcesValue } from "./common.js";

/** Settings shared by Tempo's components. */
interface TempoComponent {
  enabled?: boolean;
  replicas?: number;
  resources?: ResourcesValue;
}

/** Values of grafana-community/tempo-distributed 3.3.0 (Tempo 3.0) that this package sets. */
export interface TempoDistributedValues {
  fullnameOverride?: string;
  multitenancyEnabled?: boolean;
  reportingEnabled?: boolean;
  global?: { extraEnvFrom?: EnvFromValue[] };
  ingest?: {
    kafka?: {
      address?: string;
      topic?: string;
      auto_create_topic_enabled?: boolean;
      /** Block-builder and live-store replicas must equal this partition count. */
      auto_create_topic_default_partitions?: number;
    };
  };
  traces?: {
    otlp?: { grpc?: { enabled?: boolean }; http?: { enabled?: boolean } };
  };
  storage?: {
    trace?: {
      backend?: "s3" | "gcs" | "azure" | "local";
      s3?: {
        bucket: string;
        endpoint: string;
        region?: string;
        insecure?: boolean;
        forcepathstyle?: boolean;
      };
    };
  };
  distributor?: TempoComponent & { autoscaling?: ChartHpaValues };
  blockBuilder?: TempoComponent;
  liveStore?: TempoComponent;
  querier?: TempoComponent & { autoscaling?: ChartHpaValues };
  queryFrontend?: TempoComponent & { service?: { httpMetricsPort?: number } };
  backendScheduler?: TempoComponent & {
    persistence?: { enabled?: boolean; size?: string; storageClass?: string | null };
    config?: { provider?: { compaction?: { compaction?: { block_retention?: string } } } };
  };
  backendWorker?: TempoComponent & {
    /** Read by the chart's PodDisruptionBudget template when replicas > 1; the chart has no default. */
    podDisruptionBudget?: { enabled?: boolean };
    /** maxUnavailable of that PodDisruptionBudget; the chart has no default. */
    maxUnavailable?: number;
  };
  metricsGenerator?: TempoComponent;
  gateway?: TempoComponent;
  memcached?: TempoComponent;
  metaMonitoring?: { serviceMonitor?: { enabled?: boolean } };
}
