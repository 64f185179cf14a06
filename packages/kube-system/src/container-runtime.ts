import type { ClusterSettings } from "@helix-cluster/core";

/** containerd socket of k3s: k3s runs its own containerd with its state under /run/k3s. */
export const K3S_CONTAINERD_SOCKET = "/run/k3s/containerd/containerd.sock";

/** containerd socket of a stock containerd install (EKS nodes). */
export const CONTAINERD_SOCKET = "/run/containerd/containerd.sock";

/** The containerd socket on this cluster's nodes. */
export function containerdSocket(settings: ClusterSettings): string {
  return settings.distribution === "k3s" ? K3S_CONTAINERD_SOCKET : CONTAINERD_SOCKET;
}
