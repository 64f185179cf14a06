import type { BackupBucketSlots, ClusterSettings } from "@helix-cluster/core";

/** Settings of the on-prem cluster: the only place its addresses, versions and keys are written. */
export const settings = {
  domain: "helix-ai.net",
  distribution: "k3s",
  // renovate: datasource=github-releases depName=k3s-io/k3s
  k3sVersion: "v1.36.3+k3s1",
  acmeEmail: "platform@helix-ai.net",
  nodes: [
    {
      name: "k3s-server-1",
      address: "10.40.0.11",
      role: "server",
      labels: { "topology.kubernetes.io/zone": "rack-a" },
    },
    {
      name: "k3s-server-2",
      address: "10.40.0.12",
      role: "server",
      labels: { "topology.kubernetes.io/zone": "rack-b" },
    },
    {
      name: "k3s-server-3",
      address: "10.40.0.13",
      role: "server",
      labels: { "topology.kubernetes.io/zone": "rack-c" },
    },
    {
      name: "k3s-agent-1",
      address: "10.40.0.21",
      role: "agent",
      labels: { "topology.kubernetes.io/zone": "rack-a" },
    },
    {
      name: "k3s-agent-2",
      address: "10.40.0.22",
      role: "agent",
      labels: { "topology.kubernetes.io/zone": "rack-b" },
    },
    {
      name: "k3s-agent-3",
      address: "10.40.0.23",
      role: "agent",
      labels: { "topology.kubernetes.io/zone": "rack-c" },
    },
    {
      name: "k3s-agent-4",
      address: "10.40.0.24",
      role: "agent",
      labels: { "topology.kubernetes.io/zone": "rack-a" },
    },
  ],
  loadBalancerPool: ["10.40.0.240/28"],
  // Agents register through the first server; the API certificate also covers this name.
  bootstrap: { tlsSans: ["k8s.helix-ai.net"], sshUser: "ansible" },
  git: { url: "https://github.com/helix-ai/helix-cluster", branch: "main" },
  sopsAgeRecipients: ["age13xg6ut4ndlmk6uqyak22hrrc6zzndtq57fpus5yh3jdckcap23psmfsrws"],
  timeZone: "Etc/UTC",
  buckets: {
    backupsOnPrem: {
      bucket: "helix-velero",
      region: "us-east-1",
      endpoint: "https://s3.onprem.helix-ai.net",
      forcePathStyle: true,
    },
    backupsAws: { bucket: "helix-ai-velero-dr", region: "eu-central-1" },
    metrics: {
      bucket: "helix-mimir",
      region: "us-east-1",
      endpoint: "https://s3.onprem.helix-ai.net",
      forcePathStyle: true,
    },
    logs: {
      bucket: "helix-loki",
      region: "us-east-1",
      endpoint: "https://s3.onprem.helix-ai.net",
      forcePathStyle: true,
    },
    traces: {
      bucket: "helix-tempo",
      region: "us-east-1",
      endpoint: "https://s3.onprem.helix-ai.net",
      forcePathStyle: true,
    },
    profiles: {
      bucket: "helix-pyroscope",
      region: "us-east-1",
      endpoint: "https://s3.onprem.helix-ai.net",
      forcePathStyle: true,
    },
  },
  fluxAlerts: { provider: "slack", channel: "platform-alerts" },
  autoscaling: {
    // Burst nodes on Linode when the racks are full. A Linode 4 GB: the DaemonSets every node runs
    // (Cilium, its Envoy, the log collector, Falco, node-exporter, the Istio CNI, Velero's node agent)
    // would fill a 1 GB Nanode before any app pod got there. Prices from Linode's plan list.
    burst: {
      provider: "linode",
      region: "eu-central",
      instance: { type: "g6-standard-2", cpu: 2, memoryMiB: 4096, hourlyPrice: 0.036, monthlyPrice: 24 },
      maxNodes: 4,
      maxHourlyCost: 0.15,
      maxMonthlyCost: 100,
      // The API name the site-to-site VPN resolves for Linode (a TLS SAN of the servers).
      apiEndpoint: "k8s.helix-ai.net",
    },
  },
} as const satisfies ClusterSettings;

/** The slots of settings.buckets that hold Velero's backups: on-prem, and off-site on AWS S3. */
export const BACKUP_BUCKETS: BackupBucketSlots = { onPrem: "backupsOnPrem", aws: "backupsAws" };
