import type { KarpenterAwsSettings } from "../model/autoscaling.js";
import type { ClusterSettings } from "../model/cluster-settings.js";

/**
 * Variables of the Terraform in `terraform/backup-buckets`, from the cluster settings, so bucket
 * names and endpoints are written once (in settings.ts) and Terraform, Velero and the DR restore
 * agree. Undefined when the cluster has not both backup buckets.
 */
export function backupBucketsTfvars(settings: ClusterSettings): Record<string, unknown> | undefined {
  const aws = settings.buckets?.backupsAws;
  const onPrem = settings.buckets?.backupsOnPrem;
  if (!aws || !onPrem?.endpoint) return undefined;
  return {
    aws_bucket: { bucket: aws.bucket, region: aws.region },
    onprem_bucket: {
      bucket: onPrem.bucket,
      region: onPrem.region,
      endpoint: onPrem.endpoint,
      force_path_style: onPrem.forcePathStyle ?? false,
    },
  };
}

/** The AWS names of a cluster's Karpenter (defaults derived from the cluster name), or undefined without Karpenter. */
export function karpenterAwsNames(
  clusterName: string,
  settings: ClusterSettings,
): Required<KarpenterAwsSettings> | undefined {
  const k = settings.eks?.karpenter ?? {};
  if (settings.distribution !== "eks" || !settings.eks || k === false) return undefined;
  return {
    namespace: k.namespace ?? "kube-system",
    serviceAccount: k.serviceAccount ?? "karpenter",
    controllerRoleName: k.controllerRoleName ?? `${clusterName}-karpenter`,
    nodeRoleName: k.nodeRoleName ?? `${clusterName}-karpenter-node`,
    interruptionQueueName: k.interruptionQueueName ?? `${clusterName}-karpenter`,
  };
}

/** Variables of `terraform/dr-eks` for an EKS cluster, or undefined for other clusters. */
export function eksTfvars(
  clusterName: string,
  settings: ClusterSettings,
): Record<string, unknown> | undefined {
  const eks = settings.eks;
  if (settings.distribution !== "eks" || !eks) return undefined;
  const bucket = settings.buckets?.backupsAws?.bucket;
  if (!bucket) throw new Error("an EKS cluster restores from buckets.backupsAws: set it in the settings");
  const karpenter = karpenterAwsNames(clusterName, settings);
  return {
    cluster_name: clusterName,
    region: eks.region,
    kubernetes_version: eks.kubernetesVersion,
    backup_bucket: bucket,
    ...(eks.nodeInstanceTypes ? { node_instance_types: [...eks.nodeInstanceTypes] } : {}),
    ...(eks.nodeCount ? { node_count: { ...eks.nodeCount } } : {}),
    ...(karpenter
      ? {
          karpenter: {
            namespace: karpenter.namespace,
            service_account: karpenter.serviceAccount,
            controller_role_name: karpenter.controllerRoleName,
            node_role_name: karpenter.nodeRoleName,
            interruption_queue_name: karpenter.interruptionQueueName,
          },
        }
      : {}),
  };
}

/** Terraform variables files of a cluster (file name → JSON), written under bootstrap/terraform/. */
export function terraformVarFiles(clusterName: string, settings: ClusterSettings): Map<string, string> {
  const files = new Map<string, string>();
  const buckets = backupBucketsTfvars(settings);
  if (buckets) files.set("terraform/backup-buckets.tfvars.json", `${JSON.stringify(buckets, null, 2)}\n`);
  const eks = eksTfvars(clusterName, settings);
  if (eks) files.set("terraform/dr-eks.tfvars.json", `${JSON.stringify(eks, null, 2)}\n`);
  return files;
}
