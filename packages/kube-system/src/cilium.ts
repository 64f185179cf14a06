import {
  type ClusterSettings,
  type Component,
  containerResources,
  GRAFANA_DASHBOARD_LABEL,
  helmComponent,
  type Integration,
  type K3sRequirements,
  SERVICE_MONITOR,
  typesWhenEnabled,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import { type CiliumValues, ciliumValuesSchema } from "./generated/values/cilium-1.20.0.js";
import { DEFAULT_DASHBOARDS_NAMESPACE } from "./monitoring.js";
import { type CiliumOptions, KUBE_SYSTEM_NAMESPACE } from "./options.js";

/**
 * What every k3s server needs so Cilium owns the pod network, NetworkPolicy, Services and
 * LoadBalancers: no flannel, no kube-router policy controller, no kube-proxy, no ServiceLB (Klipper).
 * Core renders each node's k3s config from this.
 */
export const CILIUM_K3S_REQUIREMENTS = {
  disable: ["servicelb"],
  serverConfig: { "flannel-backend": "none", "disable-network-policy": true, "disable-kube-proxy": true },
} as const satisfies K3sRequirements;

/** Resource types whose CRDs cilium-operator registers at startup (the chart ships none). */
export const CILIUM_CRDS = [
  "cilium.io/CiliumClusterwideNetworkPolicy",
  "cilium.io/CiliumL2AnnouncementPolicy",
  "cilium.io/CiliumLoadBalancerIPPool",
  "cilium.io/CiliumNetworkPolicy",
] as const;

/** k3s's default --cluster-cidr, kept so node and pod addressing match a stock k3s install. */
export const K3S_POD_CIDR = "10.42.0.0/16";

/** Where the agents reach the Kubernetes API without kube-proxy. */
export interface ApiServerEndpoint {
  readonly host: string;
  readonly port: number;
  /** Every server (VIP first when given): agents fail over between them when one is down. */
  readonly urls: readonly string[];
}

/**
 * The API endpoint for kube-proxy-free Cilium: the given host (a VIP) or else the first k3s server,
 * plus the URLs of all servers so an agent restarting while that server is down still connects.
 */
export function apiServerEndpoint(settings: ClusterSettings, opts: CiliumOptions): ApiServerEndpoint {
  const port = opts.apiServerPort ?? 6443;
  const servers = (settings.nodes ?? []).filter((n) => n.role === "server").map((n) => n.address);
  const host = opts.apiServerHost ?? servers[0];
  if (host === undefined) {
    throw new Error(
      "cilium replaces kube-proxy and needs the API server address: list the k3s servers in settings.nodes or set cilium.apiServerHost",
    );
  }
  const urls = [...new Set([host, ...servers])].map((h) => `https://${h}:${port}`);
  return { host, port, urls };
}

const dashboards = (enabled: boolean, folder: string, namespace: string) => ({
  enabled,
  namespace,
  label: GRAFANA_DASHBOARD_LABEL,
  labelValue: "1",
  annotations: { grafana_folder: folder },
});

/** Hubble flow metrics: L3/L4 health plus HTTP golden signals where L7 visibility is on. */
const HUBBLE_METRICS = [
  "dns",
  "drop",
  "tcp",
  "flow",
  "port-distribution",
  "icmp",
  "httpV2:exemplars=true;labelsContext=source_ip,source_namespace,source_workload,destination_ip,destination_namespace,destination_workload,traffic_direction",
];

/**
 * Values of the Cilium chart. `monitoring` adds the ServiceMonitors and the Grafana dashboard
 * ConfigMaps (in `dashboardsNamespace`); without it the chart creates only what a bare k3s
 * accepts, as the bootstrap install before Flux needs.
 */
export function ciliumValues(
  settings: ClusterSettings,
  opts: CiliumOptions,
  monitoring: boolean,
  dashboardsNamespace = DEFAULT_DASHBOARDS_NAMESPACE,
): CiliumValues {
  const api = apiServerEndpoint(settings, opts);
  const podCidr = opts.podCidr ?? K3S_POD_CIDR;
  const native = (opts.routingMode ?? "native") === "native";
  const istio = opts.istioCompatible ?? true;
  const serviceMonitor = { enabled: monitoring };
  return {
    kubeProxyReplacement: true,
    k8sServiceHost: api.host,
    k8sServicePort: api.port,
    k8s: { apiServerURLs: api.urls.join(" ") },
    ipam: {
      mode: "cluster-pool",
      operator: {
        clusterPoolIPv4PodCIDRList: [podCidr],
        clusterPoolIPv4MaskSize: opts.podCidrMaskSize ?? 24,
      },
    },
    ...(native
      ? { routingMode: "native", ipv4NativeRoutingCIDR: podCidr, autoDirectNodeRoutes: true }
      : { routingMode: "tunnel", tunnelProtocol: "vxlan" }),
    enableIPv4Masquerade: true,
    bpf: { masquerade: true },
    encryption: { enabled: true, type: "wireguard" },
    l2announcements: { enabled: true },
    // Every announced Service holds a Lease renewed through the API: leave headroom for them.
    k8sClientRateLimit: { qps: 20, burst: 40 },
    // Istio must see Service IPs in pod namespaces, and its CNI plugin config must survive.
    socketLB: { hostNamespaceOnly: istio },
    cni: {
      exclusive: !istio,
      // install-cni-binaries: the chart's requests and memory limit, without its 1-core CPU limit.
      resources: withoutChartCpuLimit(containerResources("100m", "10Mi", "1Gi")),
    },
    // Config changes reach the agents only through restarts: let the chart roll them.
    rollOutCiliumPods: true,
    resources: containerResources("200m", "512Mi", "1Gi"),
    // The agent's init containers (config, mount-cgroup, apply-sysctl-overwrites, mount-bpf-fs,
    // clean-cilium-state): short-lived, the chart gives them no resources by default.
    initResources: containerResources("10m", "64Mi", "256Mi"),
    // Flux upgrades Cilium after the ServiceMonitor CRD exists (usesCrds): the chart then sees it in
    // the API's discovery and needs no trustCRDsExist.
    prometheus: { enabled: true, serviceMonitor: { enabled: monitoring } },
    dashboards: dashboards(monitoring, "Cilium", dashboardsNamespace),
    operator: {
      replicas: opts.operatorReplicas ?? 2,
      rollOutPods: true,
      resources: containerResources("50m", "128Mi", "512Mi"),
      podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
      prometheus: { enabled: true, serviceMonitor },
      dashboards: dashboards(monitoring, "Cilium", dashboardsNamespace),
    },
    envoy: {
      rollOutPods: true,
      resources: containerResources("50m", "128Mi", "512Mi"),
      prometheus: { enabled: true, serviceMonitor },
    },
    hubble: {
      enabled: true,
      // Certificates from an in-cluster CronJob: Helm-generated ones would rotate on every upgrade,
      // cert-manager would make the CNI wait for a workload that itself needs the CNI.
      tls: { enabled: true, auto: { enabled: true, method: "cronJob" } },
      metrics: {
        enabled: HUBBLE_METRICS,
        serviceMonitor,
        dashboards: dashboards(monitoring, "Hubble", dashboardsNamespace),
      },
      relay: {
        enabled: true,
        replicas: opts.hubbleRelayReplicas ?? 2,
        resources: containerResources("50m", "64Mi", "256Mi"),
        podDisruptionBudget: { enabled: true, maxUnavailable: 1 },
        prometheus: { enabled: true, serviceMonitor },
      },
      ui: {
        enabled: opts.hubbleUi ?? true,
        replicas: 1,
        frontend: { resources: containerResources("10m", "32Mi", "64Mi") },
        backend: { resources: containerResources("10m", "64Mi", "256Mi") },
      },
    },
    certgen: { resources: containerResources("10m", "32Mi", "128Mi") },
  };
}

/**
 * The Cilium chart: CNI, kube-proxy replacement, WireGuard, Hubble, LB IPAM and L2 announcements.
 * k3s starts without a CNI, so `task network:bootstrap` installs it once with the bootstrap values
 * (no monitoring objects: their CRDs and namespace come later, through Flux), then Flux adopts it.
 */
export function cilium(
  settings: ClusterSettings,
  opts: CiliumOptions,
  monitoring: Integration,
  dashboardsNamespace = DEFAULT_DASHBOARDS_NAMESPACE,
): Component {
  return helmComponent({
    name: "cilium",
    namespace: KUBE_SYSTEM_NAMESPACE,
    // renovate: datasource=docker depName=quay.io/cilium/charts/cilium
    chart: { oci: "oci://quay.io/cilium/charts/cilium", version: "1.20.0" },
    valuesSchema: ciliumValuesSchema,
    installsCrds: CILIUM_CRDS,
    chartCheck: {
      crdsAtRuntime:
        "cilium-operator registers the cilium.io CRDs when it starts (the chart ships none); the HelmRelease is ready once the operator is",
    },
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    k3s: CILIUM_K3S_REQUIREMENTS,
    integrations: [monitoring],
    values: ciliumValues(settings, opts, monitoring.enabled, dashboardsNamespace),
    bootstrapValues: ciliumValues(settings, opts, false, dashboardsNamespace),
  });
}
