import {
  type BuildContext,
  burstPool,
  type ClusterSettings,
  type Component,
  enabledOptions as enabled,
  POD_MONITOR,
  PROMETHEUS_RULE,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import { chaosExperiments, chaosTargets } from "./chaos-experiments.js";
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
import { dashboardsNamespace, monitoringIntegration } from "./monitoring.js";
import type { KubeSystemOptions } from "./options.js";
import { reloader } from "./reloader.js";
import { trivyOperator } from "./trivy-operator.js";

/** The components of the kube-system package for one cluster, in dependency order. */
export function kubeSystemComponents(
  settings: ClusterSettings,
  opts: KubeSystemOptions,
  context: BuildContext,
): Component[] {
  // Each service's monitoring objects switch on with the CRDs (and namespace) they need.
  const serviceMonitors = () => monitoringIntegration(context, opts, [SERVICE_MONITOR]);
  const dashboards = dashboardsNamespace(opts);
  const components: (Component | undefined)[] = [];
  // Cilium is the k3s CNI; EKS keeps its VPC CNI unless a cluster asks for Cilium explicitly.
  const ciliumOpts = enabled(opts.cilium, settings.distribution === "k3s" ? {} : false);
  if (ciliumOpts)
    components.push(
      cilium(settings, ciliumOpts, monitoringIntegration(context, opts, [SERVICE_MONITOR], true), dashboards),
      ciliumConfig(settings, ciliumOpts),
    );
  const ms = enabled(opts.metricsServer);
  if (ms) components.push(metricsServer(ms, serviceMonitors()));
  const rl = enabled(opts.reloader);
  if (rl) components.push(reloader(rl, monitoringIntegration(context, opts, [POD_MONITOR])));
  const fc = enabled(opts.falco);
  if (fc)
    components.push(
      falco(
        settings,
        fc,
        monitoringIntegration(context, opts, [SERVICE_MONITOR, PROMETHEUS_RULE], true),
        context,
        dashboards,
      ),
    );
  const trivy = enabled(opts.trivyOperator);
  if (trivy) components.push(trivyOperator(trivy, serviceMonitors()));
  const chaos = enabled(opts.chaosMesh);
  if (chaos) {
    components.push(chaosMesh(settings, chaos, context));
    // Schedules only in allowed namespaces the cluster has.
    if (chaosTargets(chaos, context).length > 0) components.push(chaosExperiments(chaos, context));
  }
  const fs = enabled(opts.flagsmith);
  if (fs) components.push(flagsmith(settings, fs, opts, context));
  // Karpenter belongs to EKS clusters whose settings give it its AWS side.
  const eksKarpenter =
    settings.distribution === "eks" && settings.eks !== undefined && settings.eks.karpenter !== false;
  const kp = enabled(opts.karpenter, eksKarpenter ? {} : false);
  if (kp) {
    if (!context.clusterName)
      throw new Error(
        "kube-system: Karpenter needs the cluster's name (build the package in a defineCluster)",
      );
    components.push(
      karpenterCrds(),
      karpenter(context.clusterName, settings, kp, serviceMonitors()),
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
    if (!context.clusterName)
      throw new Error(
        "kube-system: linodeBurst needs the cluster's name (build the package in a defineCluster)",
      );
    components.push(
      clusterApi(),
      clusterAutoscaler(context.clusterName, settings, pool, burst, serviceMonitors()),
      linodeBurstNodes(context.clusterName, pool),
    );
  }
  return components.filter((c): c is Component => c !== undefined);
}
