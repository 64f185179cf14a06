import type { ClusterSettings, Component } from "@helix-cluster/core";
import { CiliumLoadBalancerIPPool } from "@kubernetes-models/cilium/cilium.io/v2/CiliumLoadBalancerIPPool";
import { CiliumL2AnnouncementPolicy } from "@kubernetes-models/cilium/cilium.io/v2alpha1/CiliumL2AnnouncementPolicy";
import { type CiliumOptions, KUBE_SYSTEM_NAMESPACE } from "./options.js";

/** Interfaces that answer ARP by default: physical NICs, predictable names and bonds (with VLANs). */
export const DEFAULT_L2_INTERFACES = ["^(eth|en|bond)[a-z0-9.]*$"] as const;

/** Label k3s puts on server nodes. */
const CONTROL_PLANE_LABEL = "node-role.kubernetes.io/control-plane";

/**
 * The pool LoadBalancer Services take addresses from: the cluster's loadBalancerPool. First and last
 * addresses of each block are withheld, since a block carved from the node subnet can end on its
 * broadcast address.
 */
export function loadBalancerPool(cidrs: readonly string[]): CiliumLoadBalancerIPPool {
  return new CiliumLoadBalancerIPPool({
    metadata: { name: "lb-pool" },
    spec: { allowFirstLastIPs: "No", blocks: cidrs.map((cidr) => ({ cidr })) },
  });
}

/** Answers ARP for LoadBalancer IPs from the worker nodes (or every node) on the matching interfaces. */
export function l2AnnouncementPolicy(opts: CiliumOptions): CiliumL2AnnouncementPolicy {
  const everyNode = opts.l2AnnounceFromControlPlane ?? false;
  return new CiliumL2AnnouncementPolicy({
    metadata: { name: "l2-announcements" },
    spec: {
      loadBalancerIPs: true,
      externalIPs: false,
      interfaces: [...(opts.l2Interfaces ?? DEFAULT_L2_INTERFACES)],
      ...(everyNode
        ? {}
        : { nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE_LABEL, operator: "DoesNotExist" }] } }),
    },
  });
}

/**
 * Objects of the CRDs cilium-operator registers, applied after the cilium component: the LB pool of
 * the cluster settings and its L2 announcement policy. None when the cluster has no pool.
 */
export function ciliumConfig(settings: ClusterSettings, opts: CiliumOptions): Component | undefined {
  const pool = settings.loadBalancerPool ?? [];
  if (pool.length === 0) return undefined;
  return {
    name: "cilium-config",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [loadBalancerPool(pool), l2AnnouncementPolicy(opts)],
  };
}
