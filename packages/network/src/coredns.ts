import {
  type BuildContext,
  type ChartContainerResources,
  type ClusterSettings,
  type Component,
  chartPodAutoscaling,
  containerResources,
  enabledOptions,
  helmRelease,
  type ResolvedPodAutoscaling,
  resolvePodAutoscaling,
  SERVICE_MONITOR,
  typesWhenEnabled,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import { monitoringIntegration } from "./monitoring.js";
import {
  type CoreDnsOptions,
  K3S_CLUSTER_DNS_IP,
  NETWORK_NAMESPACE,
  type NetworkOptions,
  spreadOverNodes,
} from "./options.js";

/** One plugin line of a Corefile server block, as the coredns chart takes it. */
export interface CorePlugin {
  readonly name: string;
  readonly parameters?: string;
  readonly configBlock?: string;
}

/** One Corefile server block. */
export interface CoreServer {
  readonly zones: readonly { readonly zone: string; readonly scheme?: string; readonly use_tcp?: boolean }[];
  readonly port: number;
  readonly plugins: readonly CorePlugin[];
}

/** Values of the coredns chart (it ships no values.schema.json) for the keys set here. */
export interface CoreDnsValues {
  readonly fullnameOverride?: string;
  readonly replicaCount?: number;
  readonly resources?: ChartContainerResources;
  readonly rollingUpdate?: { readonly maxUnavailable?: number | string; readonly maxSurge?: number | string };
  readonly priorityClassName?: string;
  /** Labels the objects as the cluster DNS service (kubernetes.io/cluster-service). */
  readonly isClusterService?: boolean;
  /** Value of the k8s-app label; "kube-dns" keeps selectors written for kube-dns working. */
  readonly k8sAppLabelOverride?: string;
  readonly serviceType?: "ClusterIP" | "NodePort" | "LoadBalancer";
  readonly service?: { readonly clusterIP?: string; readonly name?: string };
  readonly serviceAccount?: { readonly create?: boolean; readonly name?: string };
  readonly prometheus?: {
    readonly service?: { readonly enabled?: boolean };
    readonly monitor?: { readonly enabled?: boolean; readonly interval?: string };
  };
  readonly servers?: readonly CoreServer[];
  readonly podDisruptionBudget?: { readonly minAvailable?: number; readonly maxUnavailable?: number };
  /** The chart's HPA (replicaCount is then left to it). */
  readonly hpa?: {
    readonly enabled: boolean;
    readonly minReplicas?: number;
    readonly maxReplicas?: number;
    readonly metrics?: readonly {
      readonly type: "Resource";
      readonly resource: {
        readonly name: "cpu" | "memory";
        readonly target: { readonly type: "Utilization"; readonly averageUtilization: number };
      };
    }[];
  };
  readonly tolerations?: readonly {
    readonly key: string;
    readonly operator: string;
    readonly effect?: string;
  }[];
  readonly topologySpreadConstraints?: ReturnType<typeof spreadOverNodes>;
}

/** Component name (and release name) of CoreDNS. */
export const COREDNS = "coredns";
/** CoreDNS serves the cluster from kube-system, where k3s, kubelets and NetworkPolicies expect it. */
export const COREDNS_TARGET_NAMESPACE = "kube-system";

// renovate: datasource=docker depName=ghcr.io/coredns/charts/coredns
const CHART = { oci: "oci://ghcr.io/coredns/charts/coredns", version: "1.46.2" } as const;

/** CoreDNS's own options (none when it is toggled off). */
const own = (opts: NetworkOptions): CoreDnsOptions => enabledOptions(opts.coreDns) ?? {};

/**
 * The Corefile k3s ships (kubernetes, forward to the node's resolv.conf, cache, loop, reload,
 * health/ready, prometheus :9153), with the NodeHosts file k3s maintains replaced by the node
 * inventory from the cluster settings.
 */
export function corefile(
  settings: ClusterSettings,
  opts: NetworkOptions,
  clusterDomain: string,
): CoreServer[] {
  const upstreams = own(opts).upstreams ?? ["/etc/resolv.conf"];
  const nodes = settings.nodes ?? [];
  const hosts: CorePlugin[] =
    nodes.length === 0
      ? []
      : [
          {
            name: "hosts",
            configBlock: [...nodes.map((n) => `${n.address} ${n.name}`), "ttl 60", "fallthrough"].join("\n"),
          },
        ];
  return [
    {
      zones: [{ zone: "." }],
      port: 53,
      plugins: [
        { name: "errors" },
        { name: "health", configBlock: "lameduck 5s" },
        { name: "ready" },
        {
          name: "kubernetes",
          parameters: `${clusterDomain} in-addr.arpa ip6.arpa`,
          configBlock: "pods insecure\nfallthrough in-addr.arpa ip6.arpa\nttl 30",
        },
        ...hosts,
        { name: "prometheus", parameters: "0.0.0.0:9153" },
        { name: "forward", parameters: `. ${upstreams.join(" ")}` },
        { name: "cache", parameters: "30" },
        { name: "loop" },
        { name: "reload" },
        { name: "loadbalance" },
      ],
    },
  ];
}

/** CoreDNS's autoscaling for this cluster, or undefined when fixed. */
export function coreDnsAutoscaling(
  settings: ClusterSettings,
  opts: NetworkOptions,
): ResolvedPodAutoscaling | undefined {
  return resolvePodAutoscaling(settings, own(opts).replicas ?? 2, own(opts).autoscaling, {
    maxReplicas: 6,
  });
}

/**
 * Values of the coredns chart for the cluster domain. `serviceMonitors` adds the metrics Service and its ServiceMonitor;
 * without them the chart creates only what a bare k3s accepts, as the bootstrap install needs.
 */
export function coreDnsValues(
  settings: ClusterSettings,
  opts: NetworkOptions,
  serviceMonitors: boolean,
  clusterDomain: string,
): CoreDnsValues {
  const scaling = coreDnsAutoscaling(settings, opts);
  const replicas = scaling?.bounds.min ?? own(opts).replicas ?? 2;
  return {
    fullnameOverride: COREDNS,
    // With the HPA on, the chart leaves the replica count to it and never reads `replicaCount`.
    ...(scaling ? {} : { replicaCount: replicas }),
    hpa: scaling
      ? {
          enabled: true,
          minReplicas: scaling.bounds.min,
          maxReplicas: scaling.bounds.max,
          metrics: (["cpu", "memory"] as const).flatMap((name) => {
            const target = scaling.utilization[name];
            return target === undefined
              ? []
              : [
                  {
                    type: "Resource" as const,
                    resource: { name, target: { type: "Utilization" as const, averageUtilization: target } },
                  },
                ];
          }),
        }
      : { enabled: false },
    // The chart's default limits CPU at 100m: a throttled DNS server slows every lookup in the cluster.
    resources: withoutChartCpuLimit(containerResources("50m", "64Mi", "256Mi")),
    rollingUpdate: { maxUnavailable: 0, maxSurge: 1 },
    priorityClassName: "system-cluster-critical",
    isClusterService: true,
    k8sAppLabelOverride: "kube-dns",
    serviceType: "ClusterIP",
    service: { name: "kube-dns", clusterIP: own(opts).clusterDnsIp ?? K3S_CLUSTER_DNS_IP },
    serviceAccount: { create: true },
    prometheus: { service: { enabled: serviceMonitors }, monitor: { enabled: serviceMonitors } },
    servers: corefile(settings, opts, clusterDomain),
    ...(replicas > 1 ? { podDisruptionBudget: { minAvailable: 1 } } : {}),
    // The tolerations k3s gives its own CoreDNS: DNS must run even on tainted control-plane nodes.
    tolerations: [
      { key: "CriticalAddonsOnly", operator: "Exists" },
      { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
      { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
    ],
    topologySpreadConstraints: spreadOverNodes({
      "app.kubernetes.io/name": COREDNS,
      "app.kubernetes.io/instance": COREDNS,
    }),
  };
}

/**
 * CoreDNS from its own chart, replacing the copy bundled with k3s (start the servers with
 * --disable=coredns). The HelmRelease lives in "network" with the rest of the package but installs
 * into kube-system as Service "kube-dns" on the address kubelets use (10.43.0.10 on k3s). k3s then
 * starts without DNS, so `task network:bootstrap` installs the release once with the bootstrap
 * values (no ServiceMonitor: its CRD comes later, through Flux), and Flux adopts it.
 */
export function coreDns(settings: ClusterSettings, opts: NetworkOptions, context: BuildContext): Component {
  const monitoring = monitoringIntegration(context, opts);
  const scaling = coreDnsAutoscaling(settings, opts);
  const clusterDnsIp = own(opts).clusterDnsIp ?? K3S_CLUSTER_DNS_IP;
  const clusterDomain = context.clusterDomain;
  const [source, release] = helmRelease<CoreDnsValues>({
    name: COREDNS,
    namespace: NETWORK_NAMESPACE,
    chart: CHART,
    values: coreDnsValues(settings, opts, monitoring.enabled, clusterDomain),
  });
  if (release.spec) {
    // Fixed release name and storage in kube-system: the same release a bootstrap `helm install
    // coredns -n kube-system` creates, so Flux adopts it instead of clashing with it.
    release.spec.targetNamespace = COREDNS_TARGET_NAMESPACE;
    release.spec.storageNamespace = COREDNS_TARGET_NAMESPACE;
    release.spec.releaseName = COREDNS;
  }
  return {
    name: COREDNS,
    namespace: NETWORK_NAMESPACE,
    objects: [source, release],
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    integrations: [monitoring],
    // The bundled CoreDNS goes; kubelets keep pointing at the address this Service takes.
    k3s: {
      disable: ["coredns"],
      serverConfig: { "cluster-dns": clusterDnsIp, "cluster-domain": clusterDomain },
    },
    bootstrapHelm: {
      releaseName: COREDNS,
      namespace: COREDNS_TARGET_NAMESPACE,
      values: coreDnsValues(settings, opts, false, clusterDomain),
    },
    ...(scaling
      ? {
          autoscaling: {
            pods: [
              chartPodAutoscaling(
                `Deployment/${COREDNS}`,
                scaling.bounds,
                scaling.utilization,
                COREDNS_TARGET_NAMESPACE,
              ),
            ],
          },
        }
      : {}),
  };
}
