import type { BackupBucketSlots, ClusterSettings } from "@helix-cluster/core";

/**
 * The disaster-recovery standby on AWS EKS. Same domain and git source as on-prem so a failover
 * keeps every public name; its own age key; it restores from the off-site backup bucket.
 */
export const settings = {
  domain: "helix-ai.net",
  distribution: "eks",
  eks: {
    region: "eu-central-1",
    kubernetesVersion: "1.36",
    // The system node group: Karpenter, Flux and the EKS add-ons. Karpenter launches every other
    // node on demand (its NodePools' limits bound a failover).
    nodeInstanceTypes: ["m7i.xlarge"],
    nodeCount: { min: 2, desired: 2, max: 3 },
    karpenter: {},
  },
  // Idles at one replica per autoscaled service until a failover sends it the traffic.
  autoscaling: { standby: true },
  acmeEmail: "platform@helix-ai.net",
  git: { url: "https://github.com/helix-ai/helix-cluster", branch: "main" },
  sopsAgeRecipients: ["age1sg2wksdulhqczqrj6mxnl9xhrv004ey63naxvkha7pcygw37692s863667"],
  timeZone: "Etc/UTC",
  buckets: {
    backupsAws: { bucket: "helix-ai-velero-dr", region: "eu-central-1" },
    metrics: { bucket: "helix-ai-dr-mimir", region: "eu-central-1" },
    logs: { bucket: "helix-ai-dr-loki", region: "eu-central-1" },
    traces: { bucket: "helix-ai-dr-tempo", region: "eu-central-1" },
    profiles: { bucket: "helix-ai-dr-pyroscope", region: "eu-central-1" },
  },
  fluxAlerts: { provider: "slack", channel: "platform-alerts" },
} as const satisfies ClusterSettings;

/** The slots of settings.buckets that hold Velero's backups: on-prem, and off-site on AWS S3. */
export const BACKUP_BUCKETS: BackupBucketSlots = { onPrem: "backupsOnPrem", aws: "backupsAws" };
