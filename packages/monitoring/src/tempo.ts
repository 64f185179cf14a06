import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { chartHpaValues, declaredAutoscaling, type ScaledWorkload, stackAutoscaling } from "./autoscaling.js";
import { monitoringHandles } from "./handles.js";
import { RELEASE, tempoKafkaAddress } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { s3EnvFrom, s3SecretRef, s3Target } from "./s3.js";
import { KAFKA_PARTITIONS } from "./tempo-kafka.js";
import type { TempoDistributedValues } from "./values/tempo.js";

/**
 * Tempo 3 microservices: distributors write spans to Kafka, block-builders turn them into blocks in
 * the traces bucket, live-stores answer for recent data, backend workers compact and apply retention.
 */
export function tempo(settings: ClusterSettings, opts: MonitoringOptions, context: BuildContext): Component {
  const t = enabledOptions(opts.tempo) ?? {};
  const s3 = s3Target(settings, opts, "traces", "Tempo");
  // Distributors (they only forward to Kafka) and queriers scale with load; the Kafka consumers do not.
  const scaling = stackAutoscaling(settings, 2, t.autoscaling, 6);
  const hpa = chartHpaValues(scaling);
  const scaled = (component: string): ScaledWorkload[] =>
    scaling ? [{ target: `Deployment/${RELEASE.tempo}-${component}`, scaling }] : [];
  return helmComponent<TempoDistributedValues>({
    name: RELEASE.tempo,
    namespace: NAMESPACE,
    chart: {
      repository: "https://grafana-community.github.io/helm-charts",
      chart: "tempo-distributed",
      // renovate: datasource=helm depName=tempo-distributed registryUrl=https://grafana-community.github.io/helm-charts
      version: "3.3.0",
    },
    usesCrds: [SERVICE_MONITOR],
    secrets: [s3SecretRef(RELEASE.tempo)],
    // The brokers must be up before block-builders and live-stores join their consumer groups.
    kustomization: { dependsOn: [RELEASE.tempoKafka], timeout: "20m" },
    ...declaredAutoscaling([...scaled("distributor"), ...scaled("querier")]),
    timeout: "15m",
    provides: [monitoringHandles.tempoQuery],
    chartServices: [monitoringHandles.tempoQuery.service],
    values: {
      fullnameOverride: RELEASE.tempo,
      multitenancyEnabled: false,
      reportingEnabled: false,
      // Tempo's S3 client falls back to the AWS_* environment variables when no key is configured.
      global: { extraEnvFrom: [s3EnvFrom(RELEASE.tempo)] },
      ingest: {
        kafka: {
          address: tempoKafkaAddress(context.clusterDomain),
          topic: "tempo-traces",
          auto_create_topic_enabled: true,
          auto_create_topic_default_partitions: KAFKA_PARTITIONS,
        },
      },
      traces: { otlp: { grpc: { enabled: true }, http: { enabled: true } } },
      storage: {
        trace: {
          backend: "s3",
          s3: {
            bucket: s3.bucket,
            endpoint: s3.endpoint,
            region: s3.region,
            insecure: s3.insecure,
            forcepathstyle: s3.pathStyle,
          },
        },
      },
      distributor: {
        replicas: scaling?.bounds.min ?? 2,
        autoscaling: hpa,
        resources: containerResources("200m", "512Mi", "1Gi"),
      },
      blockBuilder: {
        enabled: true,
        replicas: KAFKA_PARTITIONS,
        resources: containerResources("200m", "1Gi", "2Gi"),
      },
      liveStore: {
        enabled: true,
        replicas: KAFKA_PARTITIONS,
        resources: containerResources("200m", "1Gi", "2Gi"),
      },
      querier: {
        replicas: scaling?.bounds.min ?? 2,
        autoscaling: hpa,
        resources: containerResources("200m", "512Mi", "1Gi"),
      },
      queryFrontend: {
        replicas: 2,
        service: { httpMetricsPort: 3200 },
        resources: containerResources("100m", "256Mi", "512Mi"),
      },
      // Chart 3.3.0 gives the scheduler an emptyDir work dir (its StatefulSet reads no persistence).
      backendScheduler: {
        enabled: true,
        config: { provider: { compaction: { compaction: { block_retention: t.retention ?? "336h" } } } },
        resources: containerResources("50m", "128Mi", "256Mi"),
      },
      backendWorker: {
        replicas: 2,
        // Chart 3.3.0 has no defaults for these and its PodDisruptionBudget template dereferences
        // them whenever there is more than one worker (nil pointer otherwise).
        podDisruptionBudget: { enabled: true },
        maxUnavailable: 1,
        resources: containerResources("200m", "512Mi", "2Gi"),
      },
      // Span metrics and the service graph are computed by Alloy (otelcol connectors) before Tempo.
      metricsGenerator: { enabled: false },
      gateway: { enabled: false },
      memcached: { enabled: true, replicas: 1, resources: containerResources("50m", "256Mi", "512Mi") },
      metaMonitoring: { serviceMonitor: { enabled: true } },
    },
  });
}
