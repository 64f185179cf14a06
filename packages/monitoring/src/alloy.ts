import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  horizontalPodAutoscaler,
  resolvePodAutoscaling,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { podLogsConfig } from "./alloy/logs-config.js";
import { otlpGatewayConfig, SPANS_PORT } from "./alloy/otlp-config.js";
import { monitoringHandles, monitoringTargets } from "./handles.js";
import { RELEASE, tempoDistributorOtlp } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import type { AlloyValues } from "./values/alloy.js";

const ALLOY_CHART = {
  repository: "https://grafana.github.io/helm-charts",
  chart: "alloy",
  // renovate: datasource=helm depName=alloy registryUrl=https://grafana.github.io/helm-charts
  version: "1.11.1",
} as const;

/** The OTLP ports of the gateway, as its OTLP_GRPC and OTLP_HTTP handles publish them. */
export function otlpPorts(): {
  name: string;
  port: number;
  targetPort: number;
  protocol: string;
  appProtocol: string;
}[] {
  const grpc = monitoringHandles.otlpGrpc.port;
  const http = monitoringHandles.otlpHttp.port;
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
export function alloyOtlp(
  settings: ClusterSettings,
  opts: MonitoringOptions,
  context: BuildContext,
): Component {
  const targets = monitoringTargets(opts, context);
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
    provides: [monitoringHandles.otlpGrpc, monitoringHandles.otlpHttp],
    chartServices: [RELEASE.alloyOtlp],
    values: {
      fullnameOverride: RELEASE.alloyOtlp,
      // No PodLogs objects are used (pods are discovered directly): the CRD is not installed.
      crds: { create: false },
      alloy: {
        configMap: {
          create: true,
          content: otlpGatewayConfig({
            clusterDomain: context.clusterDomain,
            remoteWrite: context.url(targets.mimirRemoteWrite),
            ...(targets.lokiQuery ? { lokiOtlp: `${context.url(targets.lokiQuery)}/otlp` } : {}),
            ...(enabledOptions(opts.tempo) ? { tempoOtlp: tempoDistributorOtlp(context.clusterDomain) } : {}),
            ...(targets.pyroscope ? { pyroscope: context.url(targets.pyroscope) } : {}),
          }),
        },
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

/**
 * Pod logs of every node to Loki: an Alloy DaemonSet reading /var/log/pods (Promtail's successor).
 * `lokiPush` is the push endpoint (this package's Loki, or one another component provides).
 */
export function alloyLogs(settings: ClusterSettings, lokiPush: string): Component {
  return helmComponent<AlloyValues>({
    name: RELEASE.alloyLogs,
    namespace: NAMESPACE,
    chart: ALLOY_CHART,
    usesCrds: [SERVICE_MONITOR],
    values: {
      fullnameOverride: RELEASE.alloyLogs,
      crds: { create: false },
      alloy: {
        configMap: { create: true, content: podLogsConfig(settings.domain, lokiPush) },
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
