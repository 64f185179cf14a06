import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  type ContainerResources,
  chartPodAutoscaling,
  containerResources,
  DEFAULT_CLUSTER_DOMAIN,
  helmComponent,
  replicaBounds,
} from "@helix-cluster/core";
import { ISTIO_CRDS } from "./base.js";
import { ISTIO_NAMESPACE, type IstioSystemOptions, OTEL_TRACING_PROVIDER } from "./options.js";
import type { MeshTracing } from "./tracing.js";
import { istioChart } from "./version.js";

/** An extension provider of the mesh config (only the OpenTelemetry tracer is used here). */
export interface MeshExtensionProvider {
  readonly name: string;
  readonly opentelemetry: { readonly service: string; readonly port: number };
}

/** The mesh config keys we set (istio.mesh.v1alpha1.MeshConfig). */
export interface MeshConfig {
  readonly accessLogFile?: string;
  readonly accessLogEncoding?: "TEXT" | "JSON";
  readonly enablePrometheusMerge?: boolean;
  readonly defaultConfig?: { readonly holdApplicationUntilProxyStarts?: boolean };
  readonly extensionProviders?: readonly MeshExtensionProvider[];
}

/**
 * Values of the istiod chart we set (no values schema upstream). Since Istio 1.22 the chart takes
 * its settings at the top level (formerly under `pilot`).
 */
export interface IstiodValues {
  readonly autoscaleEnabled?: boolean;
  readonly autoscaleMin?: number;
  readonly autoscaleMax?: number;
  readonly replicaCount?: number;
  readonly resources?: ContainerResources;
  readonly seccompProfile?: { readonly type: "RuntimeDefault" };
  /** Pods are meshed through the CNI agent: no istio-init container with NET_ADMIN is injected. */
  readonly cni?: { readonly enabled: boolean };
  readonly topologySpreadConstraints?: readonly {
    readonly maxSkew: number;
    readonly topologyKey: string;
    readonly whenUnsatisfiable: "DoNotSchedule" | "ScheduleAnyway";
    readonly labelSelector: { readonly matchLabels: Readonly<Record<string, string>> };
  }[];
  readonly meshConfig?: MeshConfig;
  readonly global?: {
    readonly istioNamespace?: string;
    readonly logAsJson?: boolean;
    readonly defaultPodDisruptionBudget?: { readonly enabled: boolean };
    readonly proxy?: { readonly resources?: ContainerResources; readonly clusterDomain?: string };
  };
}

/**
 * istiod: highly available (autoscaled from two replicas, spread over nodes, PodDisruptionBudget),
 * JSON access logs from every proxy, traces to the cluster's OTLP endpoint when tracing is on,
 * sidecars that hold the app until they are ready, and CNI-based redirection.
 */
export function istiod(
  settings: ClusterSettings,
  opts: IstioSystemOptions,
  context: BuildContext,
  tracing: MeshTracing,
): Component {
  const preferredMin = opts.istiod?.minReplicas ?? 2;
  // A standby starts from one replica; the cluster's size bounds the most.
  const bounds = replicaBounds(settings, {
    min: preferredMin,
    max: Math.max(preferredMin, opts.istiod?.maxReplicas ?? 5),
  });
  const min = bounds.min;
  const cni = opts.cni !== false;
  const accessLogs = opts.telemetry?.accessLogs ?? true;
  return helmComponent<IstiodValues>({
    name: "istiod",
    namespace: ISTIO_NAMESPACE,
    chart: istioChart("istiod"),
    // istiod watches every Istio resource type and does not start before base installed them.
    usesCrds: ISTIO_CRDS,
    // The chart's HPA scales istiod on CPU, at its default target of 80 %.
    autoscaling: { pods: [chartPodAutoscaling("Deployment/istiod", bounds, { cpu: 80 })] },
    integrations: [tracing.integration],
    values: {
      autoscaleEnabled: true,
      autoscaleMin: min,
      autoscaleMax: bounds.max,
      replicaCount: min,
      resources: containerResources("200m", "512Mi", "2Gi"),
      seccompProfile: { type: "RuntimeDefault" },
      cni: { enabled: cni },
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: { app: "istiod" } },
        },
      ],
      meshConfig: {
        ...(accessLogs ? { accessLogFile: "/dev/stdout", accessLogEncoding: "JSON" as const } : {}),
        enablePrometheusMerge: true,
        defaultConfig: { holdApplicationUntilProxyStarts: true },
        ...(tracing.target
          ? { extensionProviders: [{ name: OTEL_TRACING_PROVIDER, opentelemetry: tracing.target }] }
          : {}),
      },
      global: {
        istioNamespace: ISTIO_NAMESPACE,
        logAsJson: true,
        // Its budget keeps one istiod up: with a single replica it would block every node drain.
        defaultPodDisruptionBudget: { enabled: min > 1 },
        // Every sidecar counts against the app namespaces' quotas: keep its share explicit.
        proxy: {
          resources: containerResources("50m", "128Mi", "512Mi"),
          // The chart's default is cluster.local; a cluster with another domain says so.
          ...(context.clusterDomain === DEFAULT_CLUSTER_DOMAIN
            ? {}
            : { clusterDomain: context.clusterDomain }),
        },
      },
    },
  });
}
