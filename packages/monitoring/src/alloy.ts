import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  horizontalPodAutoscaler,
  platformEndpoints,
  resolvePodAutoscaling,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { podLogsConfig } from "./alloy/logs-config.js";
import { otlpGatewayConfig, SPANS_PORT } from "./alloy/otlp-config.js";
import { serviceAddress } from "./endpoints.js";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import type { AlloyValues } from "./values/alloy.js";

const ALLOY_CHART = {
  repository: "https://grafana.github.io/helm-charts",
  chart: "alloy",
  // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
  version: "1.11.1",
} as const;

/** The OTLP ports of the gateway, as core's platformEndpoints publish them. */
export function otlpPorts(): {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
  appProtocol: string;
}[] {
  const grpc = serviceAddress(platformEndpoints.otlpGrpc).port;
  const http = serviceAddress(platformEndpoints.otlpHttp).port;
  return [
    { name: "otlp-grpc", port: grpc, targetPort: grpc, protocol: "TCP", appProtocol: "grpc" },
    { name: "otlp-http", port: http, targetPort: http, protocol: "TCP", appProtocol: "http" },
    { name: "otlp-spans", port: SPANS_PORT, targetPort: SPANS_PORT, protocol: "TCP", appProtocol: "grpc" },
  ];
}

/**
 * Application Observability: the cluster's OTLP endpoint (Service "alloy-otlp", 4317/4318). Traces go
 * to Tempo, span metrics and the service graph to Mimir, OTLP metrics to Mimir, OTLP logs to Loki;
 * it also scrapes annotated pods' pprof endpoints for Pyroscope. Grafana Agent reached end of life:
 * Alloy is its successor.
 */
export function alloyOtlp(settings: ClusterSettings, opts: MonitoringOptions): Component {
  const scaling = resolvePodAutoscaling(
    settings,
    opts.alloy?.otlpReplicas ?? 2,
    opts.alloy?.otlpAutoscaling,
    {
      maxReplicas: 6,
      memoryUtilization: 80,
    },
  );
  return helmComponent<AlloyValues>({
    name: RELEASE.alloyOtlp,
    namespace: NAMESPACE,
    chart: ALLOY_CHART,
    usesCrds: [SERVICE_MONITOR],
    ...(scaling
      ? {
          extraObjects: [
            horizontalPodAutoscaler({
              deployment: RELEASE.alloyOtlp,
              bounds: scaling.bounds,
              utilization: scaling.utilization,
            }),
          ],
          autoscaling: {
            pods: [
              {
                target: `Deployment/${RELEASE.alloyOtlp}`,
                minReplicas: scaling.bounds.min,
                maxReplicas: scaling.bounds.max,
                utilization: scaling.utilization,
                via: "object" as const,
                targetFromChart: true,
              },
            ],
          },
        }
      : {}),
    values: {
      fullnameOverride: RELEASE.alloyOtlp,
      // No PodLogs objects are used (pods are discovered directly): the CRD is not installed.
      crds: { create: false },
      alloy: {
        configMap: { create: true, content: otlpGatewayConfig() },
        clustering: { enabled: true },
        enableReporting: false,
        extraPorts: otlpPorts(),
        resources: containerResources("200m", "512Mi", "1Gi"),
      },
      configReloader: { resources: containerResources("5m", "16Mi", "32Mi") },
      controller: {
        type: "deployment",
        // With an external HPA the chart leaves the replica count to it and never reads `replicas`.
        ...(scaling ? {} : { replicas: opts.alloy?.otlpReplicas ?? 2 }),
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        // The chart's own HPA names its target "deployment" (the lower-case controller type), a kind
        // the HPA controller cannot resolve (grafana/alloy#1162): the chart leaves the replicas to an
        // external HPA, which this component renders.
        autoscaling: { horizontal: { enabled: false, externalHPA: scaling !== undefined } },
      },
      service: { enabled: true },
      serviceMonitor: { enabled: true },
    },
  });
}

/** Pod logs of every node to Loki: an Alloy DaemonSet reading /var/log/pods (Promtail's successor). */
export function alloyLogs(settings: ClusterSettings): Component {
  return helmComponent<AlloyValues>({
    name: RELEASE.alloyLogs,
    namespace: NAMESPACE,
    chart: ALLOY_CHART,
    usesCrds: [SERVICE_MONITOR],
    values: {
      fullnameOverride: RELEASE.alloyLogs,
      crds: { create: false },
      alloy: {
        configMap: { create: true, content: podLogsConfig(settings.domain) },
        enableReporting: false,
        mounts: { varlog: true },
        resources: containerResources("50m", "128Mi", "512Mi"),
      },
      configReloader: { resources: containerResources("5m", "16Mi", "32Mi") },
      // Every node, tainted or not, has logs to collect.
      controller: { type: "daemonset", tolerations: [{ operator: "Exists" }] },
      service: { enabled: true },
      serviceMonitor: { enabled: true },
    },
  });
}
