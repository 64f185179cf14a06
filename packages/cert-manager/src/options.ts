import type { IntegrationOption } from "@helix-cluster/core";

/** Options of the cert-manager namespace package. */
export interface CertManagerOptions {
  /** Replicas of the controller, webhook and cainjector (leader election keeps one active). @default 2 */
  readonly replicas?: number;
  /**
   * The chart's Prometheus Operator ServiceMonitor (controller, webhook and cainjector), which the
   * certificate expiry alerts read: "auto" creates it when the cluster installs the
   * `monitoring.coreos.com/ServiceMonitor` CRD (the monitoring package), `true` requires it.
   * @default "auto"
   */
  readonly monitoring?: IntegrationOption;
  /**
   * The DNS provider through which the Let's Encrypt issuers solve DNS-01. Without it the package
   * renders no Let's Encrypt issuer and no wildcard certificate, only the internal CA.
   * @default undefined (no ACME issuers)
   */
  readonly dns01?: Dns01Solver;
  /**
   * Resolvers ("host:port") cert-manager asks, and only asks, whether a DNS-01 TXT record has
   * propagated, e.g. public ones when the in-cluster DNS is split-horizon.
   * @default [] (the chart's own: the resolvers of the pod)
   */
  readonly dns01RecursiveNameservers?: readonly string[];
  /** DNS zones the Let's Encrypt issuers solve DNS-01 for. @default [settings.domain] */
  readonly dnsZones?: readonly string[];
  /** Issuer that signs the wildcard certificate of the cluster domain. @default "letsencrypt-production" */
  readonly wildcardIssuer?: LetsEncryptIssuerName;
  /** Namespace of the wildcard Certificate and its Secret. @default "cert-manager" */
  readonly wildcardNamespace?: string;
}

/** The DNS provider of the DNS-01 solver: exactly one of its fields. */
export type Dns01Solver = { readonly cloudflare: CloudflareSolver } | { readonly route53: Route53Solver };

/** DNS-01 through Cloudflare, with an API token (Zone:DNS:Edit on the zones) kept in a SOPS secret. */
export interface CloudflareSolver {
  /** Secret (in namespace cert-manager) holding the API token. @default "cloudflare-api-token" */
  readonly apiTokenSecret?: string;
  /** Key of the token in that Secret. @default "api-token" */
  readonly apiTokenKey?: string;
}

/** DNS-01 through AWS Route53. */
export interface Route53Solver {
  /** AWS region of the Route53 API. */
  readonly region: string;
  /** Hosted zone to change; cert-manager looks it up from the zone name when absent. @default undefined */
  readonly hostedZoneId?: string;
  /** IAM role cert-manager assumes before changing records. @default undefined */
  readonly role?: string;
  /**
   * Secret (in namespace cert-manager, a SOPS file) with static keys `access-key-id` and
   * `secret-access-key`. Absent: ambient credentials (IRSA, instance profile).
   * @default undefined
   */
  readonly accessKeySecret?: string;
}

/** Names of the two Let's Encrypt ClusterIssuers. */
export type LetsEncryptIssuerName = "letsencrypt-staging" | "letsencrypt-production";

/** Namespace of cert-manager (also its cluster resource namespace). */
export const CERT_MANAGER_NAMESPACE = "cert-manager";
/** Default Secret with the Cloudflare API token (Zone:DNS:Edit) used for DNS-01. */
export const CLOUDFLARE_TOKEN_SECRET = "cloudflare-api-token";
/** Default key of the token in that Secret. */
export const CLOUDFLARE_TOKEN_KEY = "api-token";
/** Keys of a Route53 static-credentials Secret. */
export const ROUTE53_ACCESS_KEY_ID_KEY = "access-key-id";
export const ROUTE53_SECRET_ACCESS_KEY_KEY = "secret-access-key";
/** ClusterIssuer that signs with the cluster's internal CA. */
export const INTERNAL_CA_ISSUER = "internal-ca";
/** Self-signed ClusterIssuer that signs the internal CA. */
export const SELF_SIGNED_ISSUER = "selfsigned";
