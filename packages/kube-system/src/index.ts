import { defineNamespacePackage } from "@helix-cluster/core";
import { kubeSystemComponents } from "./components.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { KUBE_SYSTEM_NAMESPACE, type KubeSystemOptions } from "./options.js";

export {
  allowedChaosNamespaces,
  assertChaosTarget,
  CHAOS_TARGET_LABEL,
  chaosExperiments,
  DEFAULT_CHAOS_NAMESPACES,
  FORBIDDEN_CHAOS_NAMESPACES,
  type PodKillExperiment,
  podKillSchedule,
} from "./chaos-experiments.js";
export {
  CHAOS_MESH_CRDS,
  CHAOS_MESH_INJECT_ANNOTATION,
  CHAOS_MESH_INJECT_ANNOTATIONS,
  CHAOS_MESH_INJECT_VALUE,
  chaosMesh,
} from "./chaos-mesh.js";
export {
  type ApiServerEndpoint,
  apiServerEndpoint,
  CILIUM_CRDS,
  CILIUM_K3S_REQUIREMENTS,
  cilium,
  K3S_POD_CIDR,
} from "./cilium.js";
export {
  ciliumConfig,
  DEFAULT_L2_INTERFACES,
  l2AnnouncementPolicy,
  loadBalancerPool,
} from "./cilium-config.js";
export {
  CAPL_VERSION,
  CLUSTER_API_CRDS,
  CLUSTER_API_VERSION,
  CLUSTERCTL_CONFIG_MAP,
  clusterApi,
  clusterctlConfig,
  LINODE_TOKEN_KEY,
  LINODE_TOKEN_SECRET,
} from "./cluster-api.js";
export { type ClusterAutoscalerValues, clusterAutoscaler, describeBurstNodes } from "./cluster-autoscaler.js";
export { kubeSystemComponents } from "./components.js";
export { CONTAINERD_SOCKET, containerdSocket, K3S_CONTAINERD_SOCKET } from "./container-runtime.js";
export {
  type FalcoContainerEngine,
  type FalcosidekickHttpOutput,
  type FalcoValues,
  falco,
  leastSevere,
  splitEndpoint,
} from "./falco.js";
export {
  FLAGSMITH_DATABASE_URL_KEY,
  FLAGSMITH_SECRET,
  FLAGSMITH_SECRET_KEY_KEY,
  type FlagsmithValues,
  type FromExistingSecret,
  flagsmith,
} from "./flagsmith.js";
export { KARPENTER_CRDS, type KarpenterValues, karpenter, karpenterCrds } from "./karpenter.js";
export { DEFAULT_WORKLOAD_CLASSES, karpenterNodePools, workloadClasses } from "./karpenter-node-pools.js";
export { BURST_BOOTSTRAP_COMMAND, BURST_BOOTSTRAP_SECRET, linodeBurstNodes } from "./linode-burst-nodes.js";
export {
  INSECURE_KUBELET_TLS_FLAG,
  type MetricsServerValues,
  metricsServer,
  metricsServerArgs,
} from "./metrics-server.js";
export * from "./options.js";
export { reloader } from "./reloader.js";
export { TRIVY_OPERATOR_CRDS, type TrivyOperatorValues, trivyOperator } from "./trivy-operator.js";

/** The kube-system namespace (built in: no Namespace object): network, node-level and platform services. */
export const kubeSystem = defineNamespacePackage<KubeSystemOptions>({
  packageName: "@helix-cluster/kube-system",
  chartValuesSchemas,
  namespace: KUBE_SYSTEM_NAMESPACE,
  optionsSchema,
  builtIn: true,
  components: kubeSystemComponents,
});
export * from "./generated/values/index.js";
