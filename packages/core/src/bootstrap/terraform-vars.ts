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

/** Terraform variables files of a cluster (file name → JSON), written under bootstrap/terraform/. */
export function terraformVarFiles(settings: ClusterSettings): Map<string, string> {
  const files = new Map<string, string>();
  const buckets = backupBucketsTfvars(settings);
  if (buckets) files.set("terraform/backup-buckets.tfvars.json", `${JSON.stringify(buckets, null, 2)}\n`);
  return files;
}
