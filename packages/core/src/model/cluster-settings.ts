import type { AutoscalingSettings, KarpenterAwsSettings } from "./autoscaling.js";

/** One machine of the cluster's node inventory. */
export interface NodeSettings {
  /** Hostname, also the Kubernetes node name. */
  readonly name: string;
  /** IPv4 address the node is reached at. */
  readonly address: string;
  /** k3s role: servers run the control plane (embedded etcd), agents run workloads. */
  readonly role: "server" | "agent";
  /** Node labels set at registration. @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Node taints set at registration, as "key=value:Effect". @default [] */
  readonly taints?: readonly string[];
}

/** How the nodes are installed (k3s clusters, with the k3s Ansible collection). */
export interface BootstrapSettings {
  /** DNS name or virtual IP of the Kubernetes API (also a TLS SAN). @default the first server's address */
  readonly apiEndpoint?: string;
  /** More names the API server certificate must cover. @default [] */
  readonly tlsSans?: readonly string[];
  /** SSH user Ansible connects as. @default "ansible" */
  readonly sshUser?: string;
  /** SSH port. @default 22 */
  readonly sshPort?: number;
}

/** The AWS side of an EKS cluster (what Terraform creates it with). */
export interface EksSettings {
  /** AWS region. */
  readonly region: string;
  /** EKS Kubernetes minor version, e.g. "1.36". */
  readonly kubernetesVersion: string;
  /** Instance types of the managed node group. @default ["m7i.xlarge"] */
  readonly nodeInstanceTypes?: readonly string[];
  /**
   * Size of the managed node group. With Karpenter it is the small fixed system group that runs
   * Karpenter and the critical add-ons; Karpenter adds every other node.
   * @default { min: 2, desired: 2, max: 8 }
   */
  readonly nodeCount?: { readonly min: number; readonly desired: number; readonly max: number };
  /** The AWS side of Karpenter (IAM roles, interruption queue), or false for none. @default {} */
  readonly karpenter?: KarpenterAwsSettings | false;
}

/** Where Flux pulls this repository from. */
export interface GitSourceSettings {
  /** Clone URL of this repository. */
  readonly url: string;
  /** Branch Flux follows. @default "main" */
  readonly branch?: string;
  /** Path of the rendered output inside the repository. @default "./clusters/<name>/rendered" */
  readonly path?: string;
  /** Secret with git credentials (created at bootstrap), for a private repository. */
  readonly secretName?: string;
}

/** An S3 bucket: AWS S3, or an S3-compatible store on-prem (MinIO, Ceph RGW…). */
export interface S3BucketSettings {
  /** Bucket name. */
  readonly bucket: string;
  /** Region (S3-compatible stores accept any, often "us-east-1"). */
  readonly region: string;
  /** Endpoint URL of an S3-compatible store; absent for AWS S3. */
  readonly endpoint?: string;
  /** Use path-style addressing (most on-prem stores need it). @default false */
  readonly forcePathStyle?: boolean;
}

/**
 * The cluster's object storage, as named bucket slots: `{ backups: {…}, metrics: {…} }`. The slot
 * names are the cluster's own; a package takes the slot it writes to through an option (with a
 * neutral default it documents), so nothing here names one platform's buckets. Credentials are
 * never here: they are SOPS secret refs.
 */
export type BucketSettings = Readonly<Record<string, S3BucketSettings>>;

/** Where Flux sends its alerts (a notification-controller Provider). */
export interface FluxAlertSettings {
  /** Provider type, e.g. "slack", "msteams", "discord", "googlechat", "generic". */
  readonly provider: string;
  /** Channel, for providers that have one. */
  readonly channel?: string;
}

/**
 * Settings every namespace package may read. A cluster entry fills them; packages never
 * hard-code what differs between clusters.
 */
export interface ClusterSettings {
  /** Base DNS domain of the cluster's services, e.g. "helix.example.com". */
  readonly domain: string;
  /**
   * DNS domain of in-cluster Service names (`<svc>.<ns>.svc.<clusterDomain>`, k3s
   * `--cluster-domain`). Every in-cluster URL core formats from a handle uses it.
   * @default "cluster.local"
   */
  readonly clusterDomain?: string;
  /** Kubernetes distribution: decides k3s-specific pieces. */
  readonly distribution: "k3s" | "eks";
  /** Pinned k3s version (k3s clusters), e.g. "v1.36.3+k3s1". */
  readonly k3sVersion?: string;
  /** Node inventory (k3s clusters). @default [] */
  readonly nodes?: readonly NodeSettings[];
  /** Addresses load balancers may take, as CIDR blocks (Cilium LB IPAM on-prem). @default [] */
  readonly loadBalancerPool?: readonly string[];
  /** Contact address for ACME (Let's Encrypt) accounts. */
  readonly acmeEmail: string;
  /** Git source Flux syncs the rendered output from. */
  readonly git: GitSourceSettings;
  /** age public keys ("age1…") that may decrypt this cluster's secrets. */
  readonly sopsAgeRecipients: readonly string[];
  /** Object storage buckets by slot name (see BucketSettings). @default {} */
  readonly buckets?: BucketSettings;
  /** Where Flux alerts go (its webhook URL is a SOPS secret of flux-system). */
  readonly fluxAlerts?: FluxAlertSettings;
  /** The AWS side of an EKS cluster (eks clusters). */
  readonly eks?: EksSettings;
  /** Node installation settings (k3s clusters). @default {} */
  readonly bootstrap?: BootstrapSettings;
  /** Time zone of schedules (backups, upgrade windows, chaos experiments). @default "Etc/UTC" */
  readonly timeZone?: string;
  /** Standby sizing and burst nodes. @default {} */
  readonly autoscaling?: AutoscalingSettings;
}
