/** Options of the flux-system namespace package. */
export interface FluxSystemOptions {
  /**
   * Flux distribution version the operator installs (an exact pin: the operator would otherwise
   * upgrade on its own schedule, outside git review).
   * @default FLUX_VERSION ("2.9.4")
   */
  readonly fluxVersion?: string;
  /** Sizing profile of the Flux controllers (concurrency and resource limits). @default "medium" */
  readonly size?: "small" | "medium" | "large";
  /**
   * Let the charts create ServiceMonitors/PodMonitors (needs the monitoring package's
   * prometheus-operator CRDs in the cluster).
   * @default true
   */
  readonly serviceMonitors?: boolean;
  /** GitHub push webhook receiver. */
  readonly receiver?: ReceiverOptions;
  /**
   * Namespaces whose HelmReleases the error alert watches (an Alert names its event sources per
   * namespace; Kustomizations all live in flux-system and are always watched).
   * @default DEFAULT_ALERT_NAMESPACES
   */
  readonly alertNamespaces?: readonly string[];
  /** Flagger progressive delivery. */
  readonly flagger?: FlaggerOptions;
}

/** Options of the GitHub webhook receiver and its public exposure. */
export interface ReceiverOptions {
  /** Publish the receiver through an Ingress (GitHub must reach it). @default true */
  readonly expose?: boolean;
  /** Ingress class of the public ingress controller (network package). @default "external" */
  readonly ingressClass?: string;
  /** Public host name of the webhook endpoint. @default "flux-webhook.<settings.domain>" */
  readonly host?: string;
  /** ClusterIssuer that signs the webhook host's certificate. @default "letsencrypt-production" */
  readonly clusterIssuer?: string;
}

/** Options of Flagger. */
export interface FlaggerOptions {
  /** Deploy Flagger (canary analysis for the app environments). @default true */
  readonly enabled?: boolean;
  /** Flagger replicas; more than one runs with leader election and a PodDisruptionBudget. @default 2 */
  readonly replicas?: number;
}

/** Namespace of Flux (and of every Flux Kustomization). */
export const FLUX_SYSTEM_NAMESPACE = "flux-system";
/** Secret with the shared token GitHub signs its webhook payloads with. */
export const RECEIVER_TOKEN_SECRET = "github-webhook-token";
/** Key of the token in that Secret (the key notification-controller reads). */
export const RECEIVER_TOKEN_KEY = "token";
/** Secret with the alert provider's webhook URL. */
export const ALERT_WEBHOOK_SECRET = "flux-alerts-webhook";
/** Key of the URL in that Secret (the key notification-controller reads). */
export const ALERT_WEBHOOK_KEY = "address";
/** Namespaces of the platform packages and app environments whose HelmReleases are alerted on. */
export const DEFAULT_ALERT_NAMESPACES: readonly string[] = [
  "cert-manager",
  "data-plane",
  "flux-system",
  "istio-ingress",
  "istio-system",
  "kube-system",
  "monitoring",
  "network",
  "production",
  "staging",
  "system-upgrade",
  "testing",
];
