import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { monitoringHandles } from "./handles.js";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { S3_ACCESS_KEY_REF, S3_SECRET_KEY_REF, s3EnvFrom, s3SecretRef, s3Target } from "./s3.js";
import type { MimirDistributedValues, MimirZone } from "./values/mimir.js";
import { nodeZones, ZONE_LABEL } from "./zones.js";

/** rollout-operator CRDs the chart's rollout-operator subchart installs (its webhooks need them). */
export const ROLLOUT_OPERATOR_CRDS = [
  "rollout-operator.grafana.com/ReplicaTemplate",
  "rollout-operator.grafana.com/ZoneAwarePodDisruptionBudget",
] as const;

/**
 * Three replication zones for ingesters and store-gateways. With three racks in the inventory each zone
 * is pinned to one rack, so losing a rack loses one replica of every series; otherwise zones only
 * spread over hosts.
 */
export function mimirZones(settings: ClusterSettings, storageClass: string | undefined): MimirZone[] {
  const racks = nodeZones(settings);
  return ["zone-a", "zone-b", "zone-c"].map((name, i) => {
    const rack = racks.length >= 3 ? racks[i] : undefined;
    return {
      name,
      nodeSelector: rack ? { [ZONE_LABEL]: rack } : null,
      storageClass: storageClass ?? null,
    };
  });
}

/**
 * Mimir in the classic architecture (distributors push to ingesters over gRPC, replication factor 3,
 * zone-aware): chart 6.x defaults to the Kafka ingest-storage architecture with a demo-only Kafka.
 */
export function mimir(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const m = opts.mimir ?? {};
  const s3 = s3Target(settings, opts, "metrics", "Mimir");
  const storageClass = opts.storageClass;
  const volume = (size: string) => ({ enabled: true, size, ...(storageClass ? { storageClass } : {}) });
  const zones = mimirZones(settings, storageClass);
  return helmComponent<MimirDistributedValues>({
    name: RELEASE.mimir,
    namespace: NAMESPACE,
    chart: {
      repository: "https://grafana.github.io/helm-charts",
      chart: "mimir-distributed",
      // renovate: datasource=helm depName=mimir-distributed registryUrl=https://grafana.github.io/helm-charts
      version: "6.2.0",
    },
    installsCrds: ROLLOUT_OPERATOR_CRDS,
    usesCrds: [SERVICE_MONITOR],
    chartCheck: {
      exception:
        "mimir-distributed 6.2.0 is not in the upstream chart data: its sources were not available to build it from",
    },
    secrets: [s3SecretRef(RELEASE.mimir)],
    timeout: "20m",
    kustomization: { timeout: "25m" },
    provides: [monitoringHandles.mimirRemoteWrite, monitoringHandles.mimirQuery],
    chartServices: [monitoringHandles.mimirQuery.service],
    values: {
      fullnameOverride: RELEASE.mimir,
      global: { extraEnvFrom: [s3EnvFrom(RELEASE.mimir)] },
      mimir: {
        structuredConfig: {
          // One tenant ("anonymous"): in-cluster senders push without an X-Scope-OrgID header.
          multitenancy_enabled: false,
          ingest_storage: { enabled: false },
          ingester: { push_grpc_method_enabled: true, ring: { replication_factor: 3 } },
          common: {
            storage: {
              backend: "s3",
              s3: {
                endpoint: s3.endpoint,
                region: s3.region,
                bucket_name: s3.bucket,
                insecure: s3.insecure,
                bucket_lookup_type: s3.pathStyle ? "path" : "auto",
                access_key_id: S3_ACCESS_KEY_REF,
                secret_access_key: S3_SECRET_KEY_REF,
              },
            },
          },
          // One bucket, one prefix per store.
          blocks_storage: { storage_prefix: "blocks" },
          ruler_storage: { storage_prefix: "ruler" },
          alertmanager_storage: { storage_prefix: "alertmanager" },
          limits: {
            compactor_blocks_retention_period: m.retention ?? "365d",
            max_global_series_per_user: 3_000_000,
            ingestion_rate: 150_000,
            ingestion_burst_size: 1_500_000,
            max_label_names_per_series: 40,
          },
        },
      },
      kafka: { enabled: false },
      minio: { enabled: false },
      rollout_operator: { enabled: true, resources: containerResources("20m", "64Mi", "128Mi") },
      gateway: {
        enabledNonEnterprise: true,
        replicas: 2,
        service: { port: 80 },
        resources: containerResources("50m", "64Mi", "256Mi"),
      },
      distributor: { replicas: 2, resources: containerResources("250m", "512Mi", "1Gi") },
      ingester: {
        replicas: 3,
        zoneAwareReplication: { enabled: true, topologyKey: "kubernetes.io/hostname", zones },
        persistentVolume: volume(m.ingesterStorageSize ?? "50Gi"),
        resources: containerResources("500m", "2Gi", "4Gi"),
      },
      querier: { replicas: 2, resources: containerResources("250m", "512Mi", "2Gi") },
      query_frontend: { replicas: 2, resources: containerResources("100m", "256Mi", "512Mi") },
      query_scheduler: { replicas: 2, resources: containerResources("50m", "128Mi", "256Mi") },
      store_gateway: {
        replicas: 3,
        zoneAwareReplication: { enabled: true, topologyKey: "kubernetes.io/hostname", zones },
        persistentVolume: volume("20Gi"),
        resources: containerResources("200m", "512Mi", "2Gi"),
      },
      compactor: {
        replicas: 1,
        persistentVolume: volume("20Gi"),
        resources: containerResources("200m", "512Mi", "2Gi"),
      },
      // Alerting runs in Prometheus + Alertmanager; Mimir only stores and serves metrics.
      ruler: { enabled: false },
      alertmanager: { enabled: false },
      overrides_exporter: { enabled: false },
      "results-cache": { enabled: true, replicas: 1, allocatedMemory: 512 },
      "metadata-cache": { enabled: true, replicas: 1, allocatedMemory: 512 },
      "index-cache": { enabled: false },
      "chunks-cache": { enabled: false },
      metaMonitoring: { serviceMonitor: { enabled: true } },
    },
  });
}
