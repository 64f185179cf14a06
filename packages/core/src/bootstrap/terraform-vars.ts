import type { KarpenterAwsSettings } from "../model/autoscaling.js";
import type { ClusterSettings } from "../model/cluster-settings.js";

// Helpers a cluster entry calls from `defineCluster({ bootstrapFiles })` to write the variables of
// its own Terraform from its settings. Core calls none of them itself: which Terraform a cluster
// has (a backup-bucket module, a standby EKS cluster…) is that cluster's topology, not core's.

/** Which slots of `settings.buckets` hold a cluster's backups. */
export interface BackupBucketSlots {
  /** Slot of the off-site AWS S3 bucket (also what a standby restores from). */
  readonly aws: string;
  /** Slot of the on-prem S3-compatible bucket. */
  readonly onPrem: string;
}

/**
 * Variables of a backup-bucket Terraform module (`aws_bucket`, `onprem_bucket`), from the cluster
 * settings, so bucket names and endpoints are written once (in settings.ts) and Terraform, Velero
 * and a restore agree. Undefined when the cluster has not both backup buckets.
 */
export function backupBucketsTfvars(
  settings: ClusterSettings,
  slots: BackupBucketSlots,
): Record<string, unknown> | undefined {
  const aws = settings.buckets?.[slots.aws];
  const onPrem = settings.buckets?.[slots.onPrem];
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

/**
 * Variables of an EKS cluster module that restores from a backup bucket (`backupSlot`, a slot of
 * `settings.buckets`), or undefined for other clusters.
 */
export function eksTfvars(
  clusterName: string,
  settings: ClusterSettings,
  backupSlot: string,
): Record<string, unknown> | undefined {
  const eks = settings.eks;
  if (settings.distribution !== "eks" || !eks) return undefined;
  const bucket = settings.buckets?.[backupSlot]?.bucket;
  if (!bucket) throw new Error(`this EKS cluster restores from buckets.${backupSlot}: set it in the settings`);
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

/** The text of a `.tfvars.json` file: two-space JSON and a final newline. */
export function tfvarsJson(vars: Readonly<Record<string, unknown>>): string {
  return `${JSON.stringify(vars, null, 2)}\n`;
}

/**
 * The variables files of a backup-bucket module and a standby EKS module (file name under
 * bootstrap/ → JSON): `terraform/backup-buckets.tfvars.json` when the cluster has both backup
 * buckets, `terraform/dr-eks.tfvars.json` when it is an EKS cluster. For `bootstrapFiles`.
 */
export function terraformVarFiles(
  clusterName: string,
  settings: ClusterSettings,
  slots: BackupBucketSlots,
): Map<string, string> {
  const files = new Map<string, string>();
  const buckets = backupBucketsTfvars(settings, slots);
  if (buckets) files.set("terraform/backup-buckets.tfvars.json", tfvarsJson(buckets));
  const eks = eksTfvars(clusterName, settings, slots.aws);
  if (eks) files.set("terraform/dr-eks.tfvars.json", tfvarsJson(eks));
  return files;
}
