import type {
  DatabaseHandle,
  IntegrationOption,
  PodAutoscalingOptions,
  ServiceEndpoint,
} from "@helix-cluster/core";

/** Namespace of the cluster services; built into every cluster, so no Namespace object is rendered. */
export const KUBE_SYSTEM_NAMESPACE = "kube-system";

/** Options of the kube-system namespace package. `false` leaves a service out of the cluster. */
export interface KubeSystemOptions {
  /**
   * ServiceMonitors, PodMonitors, PrometheusRules and Grafana dashboards of every service: an
   * integration with the monitoring package (its Prometheus Operator CRDs and, for dashboards, the
   * namespace Grafana reads them from).
   * @default "auto" (on, per service, when the cluster installs the CRDs it renders)
   */
  readonly monitoring?: IntegrationOption;
  /** Namespace of the Grafana dashboard ConfigMaps the Cilium and Falco charts create. @default "monitoring" */
  readonly dashboardsNamespace?: string;
  /** Cilium CNI with kube-proxy replacement, LB IPAM and L2 announcements. @default {} on k3s, false on eks */
  readonly cilium?: CiliumOptions | false;
  /** metrics-server (resource metrics API for HPA and `kubectl top`). @default {} */
  readonly metricsServer?: MetricsServerOptions | false;
  /** Stakater Reloader (rolls workloads when their ConfigMaps or Secrets change). @default {} */
  readonly reloader?: ReloaderOptions | false;
  /** Falco runtime security with Falcosidekick. @default {} */
  readonly falco?: FalcoOptions | false;
  /** Trivy Operator (vulnerability, config-audit and compliance reports). @default {} */
  readonly trivyOperator?: TrivyOperatorOptions | false;
  /** Chaos Mesh and its scheduled experiments. @default {} */
  readonly chaosMesh?: ChaosMeshOptions | false;
  /** Flagsmith feature flags on an external PostgreSQL. @default {} */
  readonly flagsmith?: FlagsmithOptions | false;
  /**
   * Karpenter: nodes on demand for an EKS cluster, one NodePool and EC2NodeClass per workload class.
   * Its AWS side (IAM, interruption queue) comes from settings.eks.karpenter through Terraform.
   * @default {} on eks unless settings.eks.karpenter is false, false on k3s
   */
  readonly karpenter?: KarpenterOptions | false;
  /**
   * Linode burst nodes for a k3s cluster (settings.autoscaling.burst): Cluster API with its Linode
   * provider creates them, cluster-autoscaler decides when.
   * @default false
   */
  readonly linodeBurst?: LinodeBurstOptions | false;
}

/** Options of the Linode burst engine (cluster-autoscaler over Cluster API). */
export interface LinodeBurstOptions {
  /** How long a burst node must be unneeded before it is removed. @default "10m" */
  readonly scaleDownUnneededTime?: string;
  /** How long after a scale-up no node is removed. @default "10m" */
  readonly scaleDownDelayAfterAdd?: string;
}

/** Options of Karpenter and its node pools. */
export interface KarpenterOptions {
  /** Controller replicas (leader election keeps one active, the other takes over at once). @default 2 */
  readonly replicas?: number;
  /** Workload classes, each a NodePool with its own EC2NodeClass. @default DEFAULT_WORKLOAD_CLASSES */
  readonly workloadClasses?: Readonly<Record<string, WorkloadClassOptions>>;
  /**
   * EKS-optimised AMI family and release the nodes boot, e.g. "al2023@v20260801" to pin one.
   * @default "al2023@latest": a new release replaces nodes through drift, within each class's disruption budget
   */
  readonly amiAlias?: string;
}

/** One workload class: what nodes Karpenter may launch for it, how many, and how it consolidates them. */
export interface WorkloadClassOptions {
  /** The most CPU and memory all nodes of the class may have together (the NodePool limits). */
  readonly limits: { readonly cpu: string; readonly memory: string };
  /** EC2 capacity types, cheapest first when both. @default ["on-demand"] */
  readonly capacityTypes?: readonly ("on-demand" | "spot")[];
  /** EC2 instance categories. @default ["c", "m", "r"] */
  readonly instanceCategories?: readonly string[];
  /** Instance generations above this one only. @default 5 */
  readonly minGeneration?: number;
  /** CPU architectures. @default ["amd64"] */
  readonly architectures?: readonly ("amd64" | "arm64")[];
  /**
   * "WhenEmptyOrUnderutilized" also replaces nodes by fewer or cheaper ones (pods move, within their
   * PodDisruptionBudgets); "WhenEmpty" only removes nodes without pods.
   * @default "WhenEmptyOrUnderutilized"
   */
  readonly consolidationPolicy?: "WhenEmpty" | "WhenEmptyOrUnderutilized";
  /** How long a node stays empty or underutilized before Karpenter consolidates it. @default "5m" */
  readonly consolidateAfter?: string;
  /** Share (or number) of the class's nodes Karpenter disrupts at once. @default "10%" */
  readonly disruptionBudget?: string;
  /** Taint the class's nodes carry (value: the class name); only pods tolerating it run there. @default false */
  readonly tainted?: boolean;
  /** Preference among classes a pod fits, 1–100 (higher first). @default none: after every weighted class */
  readonly weight?: number;
  /** Root volume of each node (gp3, encrypted). @default "50Gi" */
  readonly rootVolumeSize?: string;
  /** Node lifetime before Karpenter replaces it (patches, fresh AMI). @default "720h" */
  readonly expireAfter?: string;
}

/** Options of Cilium and of its LB IPAM / L2 announcement objects. */
export interface CiliumOptions {
  /**
   * Address of the Kubernetes API the agents use before any Service works (kube-proxy is gone).
   * Put a VIP or DNS name in front of the servers here when there is one.
   * @default the address of the first server in settings.nodes
   */
  readonly apiServerHost?: string;
  /** Port of the Kubernetes API. @default 6443 */
  readonly apiServerPort?: number;
  /** Pod CIDR handed out by cluster-pool IPAM (k3s's default --cluster-cidr). @default "10.42.0.0/16" */
  readonly podCidr?: string;
  /** Size of the per-node pod CIDR cut from podCidr. @default 24 */
  readonly podCidrMaskSize?: number;
  /**
   * "native": pods routed between nodes on the shared L2 segment (no encapsulation under WireGuard);
   * "tunnel": VXLAN, for nodes in different subnets.
   * @default "native"
   */
  readonly routingMode?: "native" | "tunnel";
  /** Replicas of cilium-operator (leader election keeps one active). @default 2 */
  readonly operatorReplicas?: number;
  /** Replicas of hubble-relay. @default 2 */
  readonly hubbleRelayReplicas?: number;
  /** Deploy the Hubble UI. @default true */
  readonly hubbleUi?: boolean;
  /**
   * Keep socket-level load balancing out of pod namespaces and leave other CNI configs in place, so
   * Istio sidecars (and the Istio CNI plugin) see real Service addresses.
   * @default true
   */
  readonly istioCompatible?: boolean;
  /** Regexes of the node interfaces that answer ARP for LoadBalancer IPs. @default ["^(eth|en|bond)[a-z0-9.]*$"] */
  readonly l2Interfaces?: readonly string[];
  /** Also announce LoadBalancer IPs from control-plane nodes. @default false */
  readonly l2AnnounceFromControlPlane?: boolean;
}

/** Options of metrics-server. */
export interface MetricsServerOptions {
  /** Replicas (a PodDisruptionBudget keeps one up). @default 2 */
  readonly replicas?: number;
  /** Scrape interval of kubelets. @default "15s" */
  readonly metricResolution?: string;
}

/** Options of Stakater Reloader. */
export interface ReloaderOptions {
  /** Replicas (leader election keeps one active). @default 2 */
  readonly replicas?: number;
}

/** Falco event priorities, most severe first. */
export type FalcoPriority =
  | "emergency"
  | "alert"
  | "critical"
  | "error"
  | "warning"
  | "notice"
  | "informational"
  | "debug";

/** Options of Falco and Falcosidekick. */
export interface FalcoOptions {
  /**
   * Alertmanager Falcosidekick posts alerts to (its v2 API under this endpoint); `false`: none.
   * @default the ALERTMANAGER_API endpoint some component of the cluster provides, if any
   */
  readonly alertmanager?: ServiceEndpoint | false;
  /**
   * Loki push endpoint Falcosidekick sends events to; `false`: none.
   * @default the LOKI_PUSH endpoint some component of the cluster provides, if any
   */
  readonly loki?: ServiceEndpoint | false;
  /** Lowest priority forwarded to Alertmanager (pages people). @default "warning" */
  readonly alertmanagerMinimumPriority?: FalcoPriority;
  /** Lowest priority forwarded to Loki (kept for investigation). @default "notice" */
  readonly lokiMinimumPriority?: FalcoPriority;
  /** Loki tenant (X-Scope-OrgID) when Loki runs multi-tenant. @default no tenant header */
  readonly lokiTenant?: string;
  /** Replicas of Falcosidekick. @default 2 */
  readonly sidekickReplicas?: number;
}

/** Options of the Trivy Operator. */
export interface TrivyOperatorOptions {
  /** Scan jobs running at once (each pulls and unpacks an image). @default 3 */
  readonly concurrentScanJobs?: number;
  /** A scan job slower than this is abandoned and retried later. @default "10m" */
  readonly scanJobTimeout?: string;
  /** Memory limit of one scan job. @default "1Gi" */
  readonly scanJobMemoryLimit?: string;
}

/** Options of Chaos Mesh and its experiments. */
export interface ChaosMeshOptions {
  /**
   * The only namespaces experiments may target; of them, those the cluster has are targeted (Chaos
   * Mesh and its Schedules render only when there is one). "production" is refused whatever is given.
   * @default [] (no target: Chaos Mesh stays out)
   */
  readonly allowedNamespaces?: readonly string[];
  /** Cron schedule (settings.timeZone) of the weekly pod-kill experiment. @default "0 10 * * 2" (Tuesday 10:00) */
  readonly podKillSchedule?: string;
  /** Labels selecting the pods the pod-kill experiment may kill. @default { [CHAOS_TARGET_LABEL]: "true" } */
  readonly podKillSelector?: Readonly<Record<string, string>>;
}

/** Options of Flagsmith. */
export interface FlagsmithOptions {
  /**
   * Its PostgreSQL database, for the derived Flux dependency (the URL itself, password included,
   * is the `database-url` key of the flagsmith-credentials Secret).
   * @default the POSTGRES database "flagsmith" some component of the cluster provides, if any
   */
  readonly database?: DatabaseHandle;
  /** Fewest replicas of the API (the autoscaler adds more under load; a standby starts from one). @default 2 */
  readonly apiReplicas?: number;
  /** CPU autoscaling of the API (the chart's HPA). @default { maxReplicas: 6 } */
  readonly apiAutoscaling?: PodAutoscalingOptions | false;
  /** Replicas of the frontend. @default 2 */
  readonly frontendReplicas?: number;
  /** Replicas of the task processor (async tasks off the request path). @default 1 */
  readonly taskProcessorReplicas?: number;
}
