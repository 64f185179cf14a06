import {
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { chartHpaValues, declaredAutoscaling, type ScaledWorkload, stackAutoscaling } from "./autoscaling.js";
import { lokiValuesSchema } from "./generated/values/loki-18.11.0.js";
import { monitoringHandles } from "./handles.js";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { S3_ACCESS_KEY_REF, S3_SECRET_KEY_REF, s3EnvFrom, s3SecretRef, s3Target } from "./s3.js";

/**
 * Loki in Distributed mode (SimpleScalable is deprecated and goes away with Loki 4), replication factor 3,
 * chunks and index (TSDB, schema v13) in the logs bucket, retention enforced by the compactor.
 */
export function loki(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const l = enabledOptions(opts.loki) ?? {};
  const s3 = s3Target(settings, opts, "logs", "Loki");
  const storageClass = opts.storageClass;
  const sc = storageClass ? { storageClass } : {};
  // The stateless paths scale with load; ingesters keep their count (their WAL does not move).
  const scaling = stackAutoscaling(settings, 2, l.autoscaling, 6);
  const hpa = chartHpaValues(scaling);
  // With the HPA on, the chart leaves the replica count to it and never reads `replicas`.
  const fixedReplicas = scaling ? {} : { replicas: 2 };
  const scaled = (component: string): ScaledWorkload[] =>
    scaling ? [{ target: `Deployment/${RELEASE.loki}-${component}`, scaling }] : [];
  return helmComponent({
    name: RELEASE.loki,
    namespace: NAMESPACE,
    // renovate: datasource=docker depName=ghcr.io/grafana-community/helm-charts/loki
    chart: { oci: "oci://ghcr.io/grafana-community/helm-charts/loki", version: "18.11.0" },
    valuesSchema: lokiValuesSchema,
    usesCrds: [SERVICE_MONITOR],
    secrets: [s3SecretRef(RELEASE.loki)],
    timeout: "15m",
    kustomization: { timeout: "20m" },
    ...declaredAutoscaling([...scaled("gateway"), ...scaled("distributor"), ...scaled("querier")]),
    provides: [monitoringHandles.lokiPush, monitoringHandles.lokiQuery],
    chartServices: [monitoringHandles.lokiQuery.service],
    values: {
      fullnameOverride: RELEASE.loki,
      deploymentMode: "Distributed",
      global: {
        // Credentials come from the environment, expanded into the config at start-up.
        extraArgs: ["-config.expand-env=true"],
        extraEnvFrom: [s3EnvFrom(RELEASE.loki)],
      },
      loki: {
        // One tenant ("fake"): in-cluster senders push without an X-Scope-OrgID header.
        auth_enabled: false,
        commonConfig: { replication_factor: 3 },
        schemaConfig: {
          configs: [
            {
              from: "2024-04-01",
              store: "tsdb",
              object_store: "s3",
              schema: "v13",
              index: { prefix: "loki_index_", period: "24h" },
            },
          ],
        },
        storage: {
          type: "s3",
          // Chunks and index only: the ruler is off and the admin bucket is Enterprise Logs'.
          bucketNames: { chunks: s3.bucket },
          s3: {
            endpoint: s3.endpoint,
            region: s3.region,
            insecure: s3.insecure,
            s3ForcePathStyle: s3.pathStyle,
            accessKeyId: S3_ACCESS_KEY_REF,
            secretAccessKey: S3_SECRET_KEY_REF,
          },
        },
        limits_config: {
          retention_period: l.retention ?? "30d",
          allow_structured_metadata: true,
          volume_enabled: true,
          ingestion_rate_mb: 20,
          ingestion_burst_size_mb: 40,
          max_query_series: 10000,
        },
        compactor: { retention_enabled: true, delete_request_store: "s3" },
      },
      gateway: {
        enabled: true,
        ...fixedReplicas,
        autoscaling: hpa,
        service: { port: 80 },
        resources: containerResources("50m", "64Mi", "256Mi"),
        // The nginx exporter beside it: an HPA on CPU needs every container of the pod to request CPU.
        metrics: { resources: containerResources("10m", "32Mi", "64Mi") },
      },
      distributor: {
        ...fixedReplicas,
        autoscaling: hpa,
        maxUnavailable: 1,
        resources: containerResources("100m", "256Mi", "512Mi"),
      },
      ingester: {
        replicas: 3,
        zoneAwareReplication: { enabled: false },
        persistence: {
          enabled: true,
          claims: [{ name: "data", size: l.ingesterStorageSize ?? "20Gi", ...sc }],
        },
        resources: containerResources("250m", "1Gi", "2Gi"),
      },
      querier: {
        ...fixedReplicas,
        autoscaling: hpa,
        // The chart writes the querier's PodDisruptionBudget only when at least two pods are kept.
        ...(scaling && scaling.bounds.min < 2 ? {} : { maxUnavailable: 1 }),
        resources: containerResources("200m", "512Mi", "1Gi"),
      },
      queryFrontend: {
        replicas: 2,
        maxUnavailable: 1,
        resources: containerResources("100m", "256Mi", "512Mi"),
      },
      queryScheduler: { replicas: 2, resources: containerResources("50m", "128Mi", "256Mi") },
      compactor: {
        replicas: 1,
        // The chart's default claims list ("data", 10Gi) wins over persistence.size: set the claim.
        persistence: { enabled: true, claims: [{ name: "data", size: "10Gi", ...sc }] },
        resources: containerResources("100m", "256Mi", "1Gi"),
      },
      indexGateway: { replicas: 2, maxUnavailable: 1, resources: containerResources("100m", "256Mi", "1Gi") },
      // Distributed mode: the SimpleScalable and single-binary targets stay at zero.
      backend: { replicas: 0 },
      read: { replicas: 0 },
      write: { replicas: 0 },
      singleBinary: { replicas: 0 },
      ruler: { enabled: false },
      bloomPlanner: { replicas: 0 },
      bloomGateway: { replicas: 0 },
      bloomBuilder: { replicas: 0 },
      chunksCache: { enabled: true, replicas: 1, allocatedMemory: 1024 },
      resultsCache: { enabled: true, replicas: 1, allocatedMemory: 512 },
      // The exporter container beside each memcached (chunks and results caches).
      memcachedExporter: { resources: containerResources("10m", "32Mi", "64Mi") },
      lokiCanary: { enabled: false },
      test: { enabled: false },
      monitoring: { serviceMonitor: { enabled: true } },
    },
  });
}
