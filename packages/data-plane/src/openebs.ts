import {
  type ClusterSettings,
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
} from "@helix-cluster/core";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { DATA_PLANE_NAMESPACE, OPENEBS_HOSTPATH_CLASS, type OpenEbsOptions } from "./options.js";

/** Values of the localpv-provisioner chart that this package sets (the chart ships no values schema). */
export interface LocalpvProvisionerValues {
  readonly localpv?: {
    readonly replicas?: number;
    readonly enableLeaderElection?: boolean;
    readonly basePath?: string;
    readonly resources?: ContainerResources;
  };
  readonly hostpathClass?: { readonly enabled?: boolean };
  readonly analytics?: { readonly enabled?: boolean };
}

/** Default host directory of the hostpath volumes. */
export const OPENEBS_BASE_PATH = "/var/openebs/local";

/**
 * The `openebs-hostpath` StorageClass, the cluster's only default class. Rendered here rather than
 * by the chart so that it is reviewed, validated and tested like every other object.
 */
export function openebsHostpathStorageClass(basePath: string = OPENEBS_BASE_PATH): StorageClass {
  return new StorageClass({
    metadata: {
      name: OPENEBS_HOSTPATH_CLASS,
      annotations: {
        "storageclass.kubernetes.io/is-default-class": "true",
        "openebs.io/cas-type": "local",
        // The provisioner reads its per-class settings from this annotation.
        "cas.openebs.io/config": `- name: StorageType\n  value: "hostpath"\n- name: BasePath\n  value: "${basePath}"\n`,
      },
    },
    provisioner: "openebs.io/local",
    // The volume is created on the node the pod is scheduled to, after scheduling.
    volumeBindingMode: "WaitForFirstConsumer",
    reclaimPolicy: "Delete",
  });
}

/** OpenEBS LocalPV hostpath provisioner (k3s' own local-storage is disabled on the servers). */
export function openebs(_settings: ClusterSettings, opts: OpenEbsOptions): Component {
  const basePath = opts.basePath ?? OPENEBS_BASE_PATH;
  return helmComponent<LocalpvProvisionerValues>({
    name: "openebs",
    namespace: DATA_PLANE_NAMESPACE,
    chart: {
      repository: "https://openebs.github.io/dynamic-localpv-provisioner",
      chart: "localpv-provisioner",
      // renovate: datasource=helm depName=localpv-provisioner registryUrl=https://openebs.github.io/dynamic-localpv-provisioner
      version: "4.4.0",
    },
    chartCheck: {
      exception:
        "the upstream chart data has localpv-provisioner 4.0.0 only: no source snapshot of the 4.4.0 release (release/4.4 branch) was available to build it from",
    },
    values: {
      // Two replicas with leader election: PVC provisioning survives the loss of a node.
      localpv: {
        replicas: 2,
        enableLeaderElection: true,
        basePath,
        resources: containerResources("10m", "64Mi", "128Mi"),
      },
      hostpathClass: { enabled: false },
      // No usage pings from a production cluster.
      analytics: { enabled: false },
    },
    extraObjects: [openebsHostpathStorageClass(basePath)],
    // The k3s servers must not run their bundled local-path provisioner next to this one.
    k3s: { disable: ["local-storage"] },
  });
}
