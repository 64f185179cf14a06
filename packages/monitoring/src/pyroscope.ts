import {
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { monitoringHandles } from "./handles.js";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { S3_ACCESS_KEY_REF, S3_SECRET_KEY_REF, s3EnvFrom, s3SecretRef, s3Target } from "./s3.js";
import type { PyroscopeValues } from "./values/pyroscope.js";

/**
 * Pyroscope as a single binary on the v2 storage layer, profiles in the profiles bucket. Profiling is
 * the least critical signal: one replica with its metastore on a volume is enough, and the microservices
 * mode (a dozen pods with a Raft metastore) is not worth its weight at this scale.
 */
export function pyroscope(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const s3 = s3Target(settings, opts, "profiles", "Pyroscope");
  return helmComponent<PyroscopeValues>({
    name: RELEASE.pyroscope,
    namespace: NAMESPACE,
    // renovate: datasource=helm depName=pyroscope registryUrl=https://grafana.github.io/helm-charts
    chart: { repository: "https://grafana.github.io/helm-charts", chart: "pyroscope", version: "2.2.1" },
    usesCrds: [SERVICE_MONITOR],
    secrets: [s3SecretRef(RELEASE.pyroscope)],
    kustomization: { timeout: "15m" },
    provides: [monitoringHandles.pyroscope],
    chartServices: [monitoringHandles.pyroscope.service],
    values: {
      pyroscope: {
        fullnameOverride: RELEASE.pyroscope,
        replicaCount: 1,
        extraArgs: { "log.level": "info", "config.expand-env": "true" },
        extraEnvFrom: [s3EnvFrom(RELEASE.pyroscope)],
        resources: containerResources("200m", "1Gi", "2Gi"),
        persistence: {
          enabled: true,
          size: enabledOptions(opts.pyroscope)?.storageSize ?? "20Gi",
          ...(opts.storageClass ? { storageClassName: opts.storageClass } : {}),
        },
        service: { port: monitoringHandles.pyroscope.port },
        structuredConfig: {
          storage: {
            backend: "s3",
            s3: {
              bucket_name: s3.bucket,
              endpoint: s3.endpoint,
              region: s3.region,
              insecure: s3.insecure,
              bucket_lookup_type: s3.pathStyle ? "path-style" : "auto",
              access_key_id: S3_ACCESS_KEY_REF,
              secret_access_key: S3_SECRET_KEY_REF,
            },
          },
        },
      },
      architecture: { storage: { v1: false, v2: true }, microservices: { enabled: false } },
      alloy: { enabled: false },
      agent: { enabled: false },
      serviceMonitor: { enabled: true },
    },
  });
}
