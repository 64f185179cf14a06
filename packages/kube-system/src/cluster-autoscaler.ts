import {
  type BurstPool,
  type ClusterSettings,
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
  type Integration,
  SERVICE_MONITOR,
  taintString,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { CLUSTER_API_CRDS } from "./cluster-api.js";
import { KUBE_SYSTEM_NAMESPACE, type LinodeBurstOptions } from "./options.js";

/** Values of the cluster-autoscaler chart 9.59.0 that this package sets (the chart has no values schema). */
export interface ClusterAutoscalerValues {
  /** Object names (the chart's default adds the cloud provider: "cluster-autoscaler-clusterapi-cluster-autoscaler"). */
  readonly fullnameOverride?: string;
  readonly cloudProvider?: "clusterapi";
  /** Where Cluster API runs and where the nodes are: both this cluster, through its service account. */
  readonly clusterAPIMode?: "incluster-incluster";
  readonly autoDiscovery?: { readonly clusterName?: string; readonly namespace?: string };
  /** Command-line flags, `--key=value`. */
  readonly extraArgs?: Readonly<Record<string, string | number | boolean>>;
  readonly resources?: ContainerResources;
  readonly podDisruptionBudget?: { readonly maxUnavailable?: number };
  readonly serviceMonitor?: {
    readonly enabled?: boolean;
    readonly namespace?: string;
    readonly selector?: Readonly<Record<string, string>>;
  };
}

/** What the status page says a burst node is. */
export function describeBurstNodes(pool: BurstPool): string {
  const i = pool.instance;
  return `Linode ${i.type} (${i.cpu} vCPU, ${i.memoryMiB} MiB, ${i.hourlyPrice} USD/h) in ${pool.region}`;
}

/**
 * cluster-autoscaler with its Cluster API provider, in the cluster it scales: it watches pending
 * pods, and when one would fit a burst node (it tolerates the taint) it raises the burst pool's
 * MachineDeployment, within the pool's bounds and the cluster's node total; it drains and removes
 * burst nodes that stay unneeded. It never touches the fixed nodes, which belong to no node group.
 */
export function clusterAutoscaler(
  clusterName: string,
  settings: ClusterSettings,
  pool: BurstPool,
  opts: LinodeBurstOptions,
  monitoring: Integration,
): Component {
  const fixedNodes = (settings.nodes ?? []).length;
  return helmComponent<ClusterAutoscalerValues>({
    name: "cluster-autoscaler",
    namespace: KUBE_SYSTEM_NAMESPACE,
    chart: {
      repository: "https://kubernetes.github.io/autoscaler",
      chart: "cluster-autoscaler",
      // renovate: datasource=helm depName=cluster-autoscaler registryUrl=https://kubernetes.github.io/autoscaler
      version: "9.59.0",
    },
    // It watches the Cluster API kinds: it starts once clusterctl installed them.
    usesCrds: [...CLUSTER_API_CRDS, ...typesWhenEnabled(monitoring, SERVICE_MONITOR)],
    autoscaling: {
      nodes: [
        {
          engine: "cluster-autoscaler",
          pool: pool.name,
          nodes: describeBurstNodes(pool),
          minNodes: 0,
          maxNodes: pool.maxNodes,
          taints: [taintString(pool.taint)],
        },
      ],
    },
    integrations: [monitoring],
    values: {
      fullnameOverride: "cluster-autoscaler",
      cloudProvider: "clusterapi",
      clusterAPIMode: "incluster-incluster",
      autoDiscovery: { clusterName, namespace: KUBE_SYSTEM_NAMESPACE },
      extraArgs: {
        expander: "least-waste",
        // The fixed nodes plus the most burst nodes: a second bound beside the pool's own.
        "max-nodes-total": fixedNodes + pool.maxNodes,
        "scale-down-unneeded-time": opts.scaleDownUnneededTime ?? "10m",
        "scale-down-delay-after-add": opts.scaleDownDelayAfterAdd ?? "10m",
        // Pods with emptyDir data keep their burst node: that data would go with it.
        "skip-nodes-with-local-storage": true,
        v: 2,
      },
      resources: containerResources("50m", "256Mi", "512Mi"),
      podDisruptionBudget: { maxUnavailable: 1 },
      // Beside its Service, like the other kube-system monitors (the chart's default is "monitoring").
      serviceMonitor: { enabled: monitoring.enabled, namespace: KUBE_SYSTEM_NAMESPACE },
    },
  });
}
