/** Options of the cert-manager namespace package. */
export interface CertManagerOptions {
  /** Replicas of the controller, webhook and cainjector (leader election keeps one active). @default 2 */
  readonly replicas?: number;
  /**
   * Create the chart's Prometheus Operator ServiceMonitor (controller, webhook and cainjector), which
   * the certificate expiry alerts read. Needs the `monitoring.coreos.com` CRDs (the monitoring
   * package's `prometheus-operator-crds`).
   * @default true
   */
  readonly serviceMonitors?: boolean;
  /** DNS zones the Let's Encrypt issuers solve DNS-01 for through Cloudflare. @default [settings.domain] */
  readonly dnsZones?: readonly string[];
  /** Issuer that signs the wildcard certificate of the cluster domain. @default "letsencrypt-production" */
  readonly wildcardIssuer?: LetsEncryptIssuerName;
  /** Namespace of the wildcard Certificate and its Secret. @default "cert-manager" */
  readonly wildcardNamespace?: string;
}

/** Names of the two Let's Encrypt ClusterIssuers. */
export type LetsEncryptIssuerName = "letsencrypt-staging" | "letsencrypt-production";

/** Namespace of cert-manager (also its cluster resource namespace). */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** Secret with the Cloudflare API token (Zone:DNS:Edit) used for DNS-01. */
export const CLOUDFLARE_TOKEN_SECRET = "cloudflare-api-token";
/** Key of the token in that Secret. */
export const CLOUDFLARE_TOKEN_KEY = "api-token";
/** ClusterIssuer that signs with the cluster's internal CA. */
export const INTERNAL_CA_ISSUER = "internal-ca";
