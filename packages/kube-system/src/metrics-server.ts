import {
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
  type Integration,
  SERVICE_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { KUBE_SYSTEM_NAMESPACE, type MetricsServerOptions } from "./options.js";

/** Values of the metrics-server chart 3.13.1 that this package sets (the chart has no values schema). */
export interface MetricsServerValues {
  readonly replicas?: number;
  readonly podDisruptionBudget?: {
    readonly enabled?: boolean;
    readonly minAvailable?: number | string;
    readonly maxUnavailable?: number | string;
  };
  /** Replaces the chart's default arguments (kubelet address types, port, resolution, cert dir). */
  readonly defaultArgs?: readonly string[];
  /** Arguments appended to defaultArgs. */
  readonly args?: readonly string[];
  readonly resources?: ContainerResources;
  readonly affinity?: Readonly<Record<string, unknown>>;
  /** Serve metrics-server's own /metrics. */
  readonly metrics?: { readonly enabled?: boolean };
  readonly serviceMonitor?: {
    readonly enabled?: boolean;
    readonly interval?: string;
    readonly scrapeTimeout?: string;
  };
}

/** The kubelet flag metrics-server must NOT get on k3s (see metricsServerArgs). */
export const INSECURE_KUBELET_TLS_FLAG = "--kubelet-insecure-tls";

/**
 * Arguments for k3s. Kubelets are reached on their InternalIP (the node IP k3s registers; hostnames
 * of on-prem nodes need not resolve in cluster DNS). No --kubelet-insecure-tls: k3s signs every
 * kubelet serving certificate with its server CA, for the node name and node IPs, and the same CA is
 * the service-account ca.crt metrics-server verifies with, so verification succeeds as is.
 */
export function metricsServerArgs(opts: MetricsServerOptions): string[] {
  return [
    "--cert-dir=/tmp",
    "--kubelet-preferred-address-types=InternalIP",
    "--kubelet-use-node-status-port",
    `--metric-resolution=${opts.metricResolution ?? "15s"}`,
  ];
}

/** metrics-server, highly available, replacing the copy k3s bundles (start servers with --disable=metrics-server). */
export function metricsServer(opts: MetricsServerOptions, monitoring: Integration): Component {
  return helmComponent<MetricsServerValues>({
    name: "metrics-server",
    namespace: KUBE_SYSTEM_NAMESPACE,
    chart: {
      repository: "https://kubernetes-sigs.github.io/metrics-server/",
      chart: "metrics-server",
      // renovate: datasource=helm depName=metrics-server registryUrl=https://kubernetes-sigs.github.io/metrics-server/
      version: "3.13.1",
    },
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    // Every HorizontalPodAutoscaler reads CPU and memory through the API this serves.
    autoscaling: { servesResourceMetrics: true },
    // k3s must not run its bundled metrics-server next to this one.
    k3s: { disable: ["metrics-server"] },
    integrations: [monitoring],
    values: {
      replicas: opts.replicas ?? 2,
      podDisruptionBudget: { enabled: true, minAvailable: 1 },
      defaultArgs: metricsServerArgs(opts),
      resources: containerResources("100m", "200Mi", "512Mi"),
      affinity: {
        podAntiAffinity: {
          preferredDuringSchedulingIgnoredDuringExecution: [
            {
              weight: 100,
              podAffinityTerm: {
                topologyKey: "kubernetes.io/hostname",
                labelSelector: { matchLabels: { "app.kubernetes.io/name": "metrics-server" } },
              },
            },
          ],
        },
      },
      metrics: { enabled: monitoring.enabled },
      serviceMonitor: { enabled: monitoring.enabled, interval: "1m", scrapeTimeout: "10s" },
    },
  });
}
