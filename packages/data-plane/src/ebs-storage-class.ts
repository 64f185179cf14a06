import type { ClusterSettings, Component } from "@helix-cluster/core";
import { StorageClass } from "kubernetes-models/storage.k8s.io/v1/StorageClass";
import { DATA_PLANE_NAMESPACE } from "./options.js";

/** Name of the default StorageClass on EKS. */
export const EBS_GP3_CLASS = "gp3";

/**
 * The default StorageClass of an EKS cluster: encrypted gp3 volumes through the EBS CSI driver
 * (EKS add-on). EKS marks no class as default since 1.30, and Velero maps restored
 * `openebs-hostpath` claims to this class.
 */
export function ebsStorageClass(_settings: ClusterSettings): Component {
  return {
    name: "ebs-storage-class",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [
      new StorageClass({
        metadata: {
          name: EBS_GP3_CLASS,
          annotations: { "storageclass.kubernetes.io/is-default-class": "true" },
        },
        provisioner: "ebs.csi.aws.com",
        parameters: { type: "gp3", encrypted: "true", "csi.storage.k8s.io/fstype": "ext4" },
        volumeBindingMode: "WaitForFirstConsumer",
        reclaimPolicy: "Delete",
        allowVolumeExpansion: true,
      }),
    ],
  };
}
