import type { ClusterSettings } from "./cluster-settings.js";

/** A resource a HorizontalPodAutoscaler scales on, as a share of what the pods request. */
export type ScalingResource = "cpu" | "memory";

/**
 * One workload a HorizontalPodAutoscaler scales: created by the component's chart from its values
 * (`via: "chart"`) or rendered by the component itself (`via: "object"`). The status page lists
 * them; validation checks the bounds, that the cluster serves resource metrics, and for rendered
 * HPAs that the workload exists and requests what it scales on.
 */
export interface PodAutoscaling {
  /** The scaled workload, "Kind/name", e.g. "Deployment/grafana". */
  readonly target: string;
  /** Namespace of the workload. @default the component's namespace */
  readonly namespace?: string;
  /** Replicas the autoscaler never goes below. */
  readonly minReplicas: number;
  /** Replicas the autoscaler never goes above. */
  readonly maxReplicas: number;
  /** Target average utilisation, in percent of the pods' requests, per resource. */
  readonly utilization: Readonly<Partial<Record<ScalingResource, number>>>;
  /** Who creates the HorizontalPodAutoscaler: the chart (from its values) or the component's objects. */
  readonly via: "chart" | "object";
  /**
   * The workload itself comes from the component's chart while the HPA is an object of the component
   * (a chart whose own HPA is broken): that the workload exists and requests what the HPA scales on
   * is then the chart check's to verify. @default false
   */
  readonly targetFromChart?: boolean;
}

/** A pool of nodes an engine adds and removes. */
export interface NodeAutoscaling {
  /** The engine: Karpenter (NodePools) or cluster-autoscaler (here with Cluster API MachineDeployments). */
  readonly engine: "karpenter" | "cluster-autoscaler";
  /** Name of the pool: the Karpenter NodePool or the MachineDeployment. */
  readonly pool: string;
  /** What the pool's nodes are, e.g. "on-demand EC2 (c, m, r; generation > 5)". */
  readonly nodes: string;
  /** Fewest nodes of the pool. @default 0 */
  readonly minNodes?: number;
  /** Most nodes of the pool, when the engine counts nodes. @default unbounded by count */
  readonly maxNodes?: number;
  /** Most resources of the pool's nodes together, when the engine bounds those (Karpenter limits). @default unbounded */
  readonly limits?: Readonly<Partial<Record<ScalingResource, string>>>;
  /** Taints every node of the pool carries ("key=value:Effect"). @default [] */
  readonly taints?: readonly string[];
}

/**
 * An encrypted Secret whose plain part must match what the code renders now: its annotation
 * BOOTSTRAP_DIGEST_ANNOTATION carries the sha256 of the rendered content it was made from.
 */
export interface BootstrapSecretDigest {
  /** Name of the Secret (a secretRef of the same component). */
  readonly name: string;
  /** Namespace of the Secret. @default the component's namespace */
  readonly namespace?: string;
  /** Hex sha256 of the rendered content the Secret must have been made from. */
  readonly sha256: string;
  /** The command that (re)creates the Secret, named in the problem when it is stale. */
  readonly regenerate: string;
  /**
   * The k3s version the cluster runs: the Secret's K3S_VERSION_ANNOTATION (the release its nodes
   * install) may lag it by one minor at most, and never be newer. @default no version check
   */
  readonly k3sVersion?: string;
}

/** Annotation of a bootstrap Secret: the k3s release the nodes it bootstraps install. */
export const K3S_VERSION_ANNOTATION = "helix.ai/k3s-version";

/**
 * Label of a node's workload class (a Karpenter NodePool) and key of the taint of classes that only
 * opted-in pods may use (value: the class name). Shared so apps can tolerate a class by name.
 */
export const WORKLOAD_CLASS_KEY = "helix.ai/workload-class";

/** Annotation of a bootstrap Secret: the sha256 of the rendered content it was made from. */
export const BOOTSTRAP_DIGEST_ANNOTATION = "helix.ai/bootstrap-sha256";

/** What a component contributes to the cluster's autoscaling. */
export interface ComponentAutoscaling {
  /** Workloads scaled by HorizontalPodAutoscalers. @default [] */
  readonly pods?: readonly PodAutoscaling[];
  /** Node pools an engine of this component scales. @default [] */
  readonly nodes?: readonly NodeAutoscaling[];
  /** The component serves the resource metrics API (metrics.k8s.io) every HPA reads. @default false */
  readonly servesResourceMetrics?: boolean;
  /** Encrypted Secrets that must match rendered bootstrap content (burst nodes' cloud-init). @default [] */
  readonly bootstrapSecrets?: readonly BootstrapSecretDigest[];
}

/** The Linode plan of burst nodes: what one node offers and costs (from Linode's plan list). */
export interface LinodeInstanceSettings {
  /** Plan id, e.g. "g6-nanode-1". */
  readonly type: string;
  /** vCPUs of the plan. */
  readonly cpu: number;
  /** Memory of the plan in MiB. */
  readonly memoryMiB: number;
  /** Price of one node per hour, in USD. */
  readonly hourlyPrice: number;
  /** Price of one node per month (Linode's monthly cap), in USD. */
  readonly monthlyPrice: number;
}

/**
 * Burst nodes: k3s agents rented on Linode while the fixed nodes are full, created by Cluster API's
 * Linode provider and scaled by cluster-autoscaler. They are tainted, so only pods that tolerate
 * the taint (never stateful or control-plane pods) run there.
 */
export interface BurstNodeSettings {
  /** The cloud the nodes are rented from. */
  readonly provider: "linode";
  /** Pool name: the MachineDeployment and the nodes' "helix.ai/node-pool" label. @default "linode-burst" */
  readonly name?: string;
  /** Linode region, e.g. "eu-central". */
  readonly region: string;
  /** The plan of every burst node. */
  readonly instance: LinodeInstanceSettings;
  /** Most burst nodes at once. */
  readonly maxNodes: number;
  /** Most the burst nodes may cost together per hour, in USD; maxNodes must fit under it. */
  readonly maxHourlyCost: number;
  /** Most the burst nodes may cost together per month, in USD; maxNodes must fit under it. @default no monthly cap */
  readonly maxMonthlyCost?: number;
  /** Linode image the nodes boot (cloud-init capable). @default "linode/ubuntu24.04" */
  readonly image?: string;
  /** Key of the NoSchedule taint every burst node carries (value "true"); also a node label. @default "helix.ai/burst" */
  readonly taintKey?: string;
  /** More node labels of burst nodes. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /**
   * Kubernetes API address burst nodes join through: it must be reachable from Linode (over the
   * site-to-site VPN). @default settings.bootstrap.apiEndpoint, else the first server's address
   */
  readonly apiEndpoint?: string;
  /** Id of the Linode VPC the nodes join (where the VPN to the LAN ends). @default no VPC */
  readonly vpcId?: number;
  /** Id of the Linode Cloud Firewall attached to every burst node. @default no firewall */
  readonly firewallId?: number;
}

/** Names of the AWS pieces Terraform creates for Karpenter and the cluster's Karpenter uses. */
export interface KarpenterAwsSettings {
  /** Namespace of the Karpenter controller (its Pod Identity association). @default "kube-system" */
  readonly namespace?: string;
  /** Service account of the Karpenter controller. @default "karpenter" */
  readonly serviceAccount?: string;
  /** IAM role of the Karpenter controller. @default "<cluster>-karpenter" */
  readonly controllerRoleName?: string;
  /** IAM role of the nodes Karpenter launches (EC2NodeClass `role`). @default "<cluster>-karpenter-node" */
  readonly nodeRoleName?: string;
  /** SQS queue of spot interruption and instance health events. @default "<cluster>-karpenter" */
  readonly interruptionQueueName?: string;
}

/** How the cluster sizes itself beyond its fixed nodes. */
export interface AutoscalingSettings {
  /**
   * The cluster idles at its minimum until it takes over (a disaster-recovery standby): platform
   * autoscalers start from one replica and grow to the primary's maximum.
   * @default false
   */
  readonly standby?: boolean;
  /** Burst nodes rented on Linode (k3s clusters). @default none */
  readonly burst?: BurstNodeSettings;
}

/** Replica bounds of an autoscaled platform workload. */
export interface ReplicaBounds {
  readonly min: number;
  readonly max: number;
}

/**
 * Replica bounds for this cluster's size: a standby starts from one replica and may grow to the
 * preferred maximum (its node autoscaler adds the nodes); a k3s cluster keeps the preferred minimum
 * (high availability) and runs at most two replicas per node that takes ordinary pods.
 */
export function replicaBounds(settings: ClusterSettings, preferred: ReplicaBounds): ReplicaBounds {
  if (preferred.min < 1 || preferred.max < preferred.min)
    throw new Error(`replica bounds need 1 ≤ min ≤ max, got ${preferred.min}..${preferred.max}`);
  if (settings.autoscaling?.standby) return { min: 1, max: preferred.max };
  const nodes = (settings.nodes ?? []).filter(
    (n) => !(n.taints ?? []).some((t) => t.endsWith(":NoSchedule") || t.endsWith(":NoExecute")),
  ).length;
  if (settings.distribution !== "k3s" || nodes === 0) return preferred;
  return { min: preferred.min, max: Math.max(preferred.min, Math.min(preferred.max, 2 * nodes)) };
}

/** How a package autoscales one of its workloads (`false` keeps a fixed replica count). */
export interface PodAutoscalingOptions {
  /** Most replicas under load. @default the workload's own default */
  readonly maxReplicas?: number;
  /** Target average CPU utilisation, in percent of requests. @default 70 */
  readonly cpuUtilization?: number;
  /** Target average memory utilisation, in percent of requests. @default none: memory rarely falls when load does */
  readonly memoryUtilization?: number;
}

/** Bounds and targets of one autoscaled workload, resolved for the cluster. */
export interface ResolvedPodAutoscaling {
  readonly bounds: ReplicaBounds;
  readonly utilization: Readonly<Partial<Record<ScalingResource, number>>>;
}

/**
 * The autoscaling of a workload that runs `minReplicas` when fixed: undefined when the options say
 * false (or `minReplicas` is 0: a workload parked at zero, like a standby's tunnel, must stay there),
 * else bounds for the cluster's size (replicaBounds) and the utilisation targets.
 */
export function resolvePodAutoscaling(
  settings: ClusterSettings,
  minReplicas: number,
  opts: PodAutoscalingOptions | false | undefined,
  defaults: { readonly maxReplicas: number; readonly memoryUtilization?: number },
): ResolvedPodAutoscaling | undefined {
  if (opts === false || minReplicas === 0) return undefined;
  const max = Math.max(minReplicas, opts?.maxReplicas ?? defaults.maxReplicas);
  const memory = opts?.memoryUtilization ?? defaults.memoryUtilization;
  return {
    bounds: replicaBounds(settings, { min: minReplicas, max }),
    utilization: { cpu: opts?.cpuUtilization ?? 70, ...(memory === undefined ? {} : { memory }) },
  };
}
