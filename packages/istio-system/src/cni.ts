import {
  type ClusterSettings,
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
} from "@helix-cluster/core";
import { ISTIO_NAMESPACE, type IstioCniOptions } from "./options.js";
import { istioChart } from "./version.js";

/** Values of the Istio cni chart we set (hand-written from its values.yaml). */
export interface IstioCniValues {
  readonly cniBinDir?: string;
  readonly cniConfDir?: string;
  /** Chain the plugin into the existing CNI configuration (Cilium's) instead of a standalone file. */
  readonly chained?: boolean;
  readonly excludeNamespaces?: readonly string[];
  readonly repair?: { readonly enabled?: boolean; readonly repairPods?: boolean };
  readonly resources?: ContainerResources;
  readonly seccompProfile?: { readonly type: "RuntimeDefault" };
  readonly global?: { readonly logAsJson?: boolean };
}

/** Where k3s keeps CNI binaries and configuration (Istio's own k3s platform profile). */
const K3S_CNI_BIN_DIR = "/var/lib/rancher/k3s/data/current/bin/";
const K3S_CNI_CONF_DIR = "/var/lib/rancher/k3s/agent/etc/cni/net.d";

/** The CNI node agent: sets up each meshed pod's traffic redirection from the node. */
export function istioCni(settings: ClusterSettings, opts: IstioCniOptions): Component {
  const k3s = settings.distribution === "k3s";
  return helmComponent<IstioCniValues>({
    name: "istio-cni",
    namespace: ISTIO_NAMESPACE,
    chart: istioChart("cni"),
    values: {
      cniBinDir: opts.binDir ?? (k3s ? K3S_CNI_BIN_DIR : "/opt/cni/bin"),
      cniConfDir: opts.confDir ?? (k3s ? K3S_CNI_CONF_DIR : "/etc/cni/net.d"),
      chained: true,
      excludeNamespaces: ["kube-system"],
      // Pods started before the agent was ready on their node are repaired instead of running unmeshed.
      repair: { enabled: true, repairPods: true },
      resources: containerResources("50m", "96Mi", "256Mi"),
      seccompProfile: { type: "RuntimeDefault" },
      global: { logAsJson: true },
    },
  });
}
