import { generatedCrdScopes } from "../generated/registry.js";
import type { ResourceType } from "../model/kube-object.js";

/** Built-in and well-known cluster-scoped resource types; everything else is namespaced. */
const clusterScoped = new Set<ResourceType>([
  "Namespace",
  "Node",
  "PersistentVolume",
  "apiextensions.k8s.io/CustomResourceDefinition",
  "apiregistration.k8s.io/APIService",
  "admissionregistration.k8s.io/MutatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingWebhookConfiguration",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicy",
  "admissionregistration.k8s.io/ValidatingAdmissionPolicyBinding",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
  "storage.k8s.io/StorageClass",
  "storage.k8s.io/CSIDriver",
  "storage.k8s.io/VolumeAttachment",
  "scheduling.k8s.io/PriorityClass",
  "networking.k8s.io/IngressClass",
  "node.k8s.io/RuntimeClass",
  "flowcontrol.apiserver.k8s.io/FlowSchema",
  "flowcontrol.apiserver.k8s.io/PriorityLevelConfiguration",
  "cert-manager.io/ClusterIssuer",
  "cilium.io/CiliumClusterwideNetworkPolicy",
  "cilium.io/CiliumLoadBalancerIPPool",
  "cilium.io/CiliumL2AnnouncementPolicy",
]);

for (const [type, scope] of Object.entries(generatedCrdScopes))
  if (scope === "Cluster") clusterScoped.add(type);

/** Declares more cluster-scoped types (e.g. from generated CRD models). */
export function registerClusterScoped(types: Iterable<ResourceType>): void {
  for (const t of types) clusterScoped.add(t);
}

/** True if objects of this type live outside namespaces. */
export function isClusterScoped(type: ResourceType): boolean {
  return clusterScoped.has(type);
}

/**
 * True for types every cluster serves without a component installing them: Kubernetes' own API
 * groups. Flux's toolkit types count too, because Flux is installed at bootstrap.
 */
export function isPlatformType(type: ResourceType): boolean {
  const slash = type.lastIndexOf("/");
  if (slash === -1) return true;
  const group = type.slice(0, slash);
  return !group.includes(".") || group.endsWith(".k8s.io") || group.endsWith(".toolkit.fluxcd.io");
}
