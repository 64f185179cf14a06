import { type BuildContext, burstPool, type ClusterSettings, type Component } from "@helix-cluster/core";
import { chaosExperiments } from "./chaos-experiments.js";
import { chaosMesh } from "./chaos-mesh.js";
import { cilium } from "./cilium.js";
import { ciliumConfig } from "./cilium-config.js";
import { clusterApi } from "./cluster-api.js";
import { clusterAutoscaler } from "./cluster-autoscaler.js";
import { falco } from "./falco.js";
import { flagsmith } from "./flagsmith.js";
import { karpenter, karpenterCrds } from "./karpenter.js";
import { karpenterNodePools } from "./karpenter-node-pools.js";
import { linodeBurstNodes } from "./linode-burst-nodes.js";
import { metricsServer } from "./metrics-server.js";
import type { KubeSystemOptions } from "./options.js";
import { reloader } from "./reloader.js";
import { trivyOperator } from "./trivy-operator.js";

/** Options for a service: its own object, or undefined when `false` leaves it out. */
function enabled<T extends object>(
  value: T | false | undefined,
  fallback: T | false = {} as T,
): T | undefined {
  const v = value ?? fallback;
  return v === false ? undefined : v;
}

/** The components of the kube-system package for one cluster, in dependency order. */
export function kubeSystemComponents(
  settings: ClusterSettings,
  opts: KubeSystemOptions,
  context?: BuildContext,
): Component[] {
  const monitoring = opts.monitoring ?? true;
  const components: (Component | undefined)[] = [];
  // Cilium is the k3s CNI; EKS keeps its VPC CNI unless a cluster asks for Cilium explicitly.
  const ciliumOpts = enabled(opts.cilium, settings.distribution === "k3s" ? {} : false);
  if (ciliumOpts)
    components.push(cilium(settings, ciliumOpts, monitoring), ciliumConfig(settings, ciliumOpts));
  const ms = enabled(opts.metricsServer);
  if (ms) components.push(metricsServer(ms, monitoring));
  const rl = enabled(opts.reloader);
  if (rl) components.push(reloader(rl, monitoring));
  const fc = enabled(opts.falco);
  if (fc) components.push(falco(settings, fc, monitoring));
  const trivy = enabled(opts.trivyOperator);
  if (trivy) components.push(trivyOperator(trivy, monitoring));
  const chaos = enabled(opts.chaosMesh);
  if (chaos) components.push(chaosMesh(settings, chaos), chaosExperiments(chaos));
  const fs = enabled(opts.flagsmith);
  if (fs) components.push(flagsmith(settings, fs, monitoring));
  // Karpenter belongs to EKS clusters whose settings give it its AWS side.
  const eksKarpenter =
    settings.distribution === "eks" && settings.eks !== undefined && settings.eks.karpenter !== false;
  const kp = enabled(opts.karpenter, eksKarpenter ? {} : false);
  if (kp) {
    if (!context?.clusterName)
      throw new Error(
        "kube-system: Karpenter needs the cluster's name (build the package in a defineCluster)",
      );
    components.push(
      karpenterCrds(),
      karpenter(context.clusterName, settings, kp, monitoring),
      karpenterNodePools(context.clusterName, settings, kp),
    );
  }
  const burst = enabled(opts.linodeBurst, false);
  if (burst) {
    const pool = burstPool(settings);
    if (!pool)
      throw new Error(
        "kube-system: linodeBurst needs settings.autoscaling.burst (region, plan, node and cost limits)",
      );
    if (!context?.clusterName)
      throw new Error(
        "kube-system: linodeBurst needs the cluster's name (build the package in a defineCluster)",
      );
    components.push(
      clusterApi(),
      clusterAutoscaler(context.clusterName, settings, pool, burst, monitoring),
      linodeBurstNodes(context.clusterName, pool),
    );
  }
  return components.filter((c): c is Component => c !== undefined);
}
