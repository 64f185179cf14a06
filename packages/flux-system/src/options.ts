import type { IntegrationOption } from "@helix-cluster/core";

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
   * Let the charts create ServiceMonitors/PodMonitors for the Prometheus Operator.
   * @default "auto" (on when the cluster installs the ServiceMonitor and PodMonitor CRDs)
   */
  readonly serviceMonitors?: IntegrationOption;
  /** GitHub push webhook receiver. */
  readonly receiver?: ReceiverOptions;
  /**
   * Namespaces whose HelmReleases the error alert watches (an Alert names its event sources per
   * namespace; Kustomizations all live in flux-system and are always watched).
   * @default every namespace of the cluster but default, kube-node-lease and kube-public
   */
  readonly alertNamespaces?: readonly string[];
  /**
   * Flagger progressive delivery; `false` leaves it out, an object asks for it.
   * @default on when the cluster provides the Prometheus API (or flagger.metricsServer is set), else off
   */
  readonly flagger?: FlaggerOptions | false;
}

/** Options of the GitHub webhook receiver and its public exposure. */
export interface ReceiverOptions {
  /**
   * Publish the receiver through an Ingress (GitHub must reach it).
   * @default "auto" (on when some component provides an ingress class)
   */
  readonly expose?: IntegrationOption;
  /**
   * TLS for that Ingress from a cert-manager ClusterIssuer (ingress-shim annotation).
   * @default "auto" (on when the cluster installs cert-manager's ClusterIssuer type)
   */
  readonly certificates?: IntegrationOption;
  /** Ingress class of the public ingress controller (network package). @default "external" */
  readonly ingressClass?: string;
  /** Public host name of the webhook endpoint. @default "flux-webhook.<settings.domain>" */
  readonly host?: string;
  /** ClusterIssuer that signs the webhook host's certificate. @default "letsencrypt-production" */
  readonly clusterIssuer?: string;
}

/** Options of Flagger. */
export interface FlaggerOptions {
  /** Flagger replicas; more than one runs with leader election and a PodDisruptionBudget. @default 2 */
  readonly replicas?: number;
  /**
   * URL of the Prometheus holding the mesh's request metrics.
   * @default the PROMETHEUS_API handle some component provides
   */
  readonly metricsServer?: string;
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
/** Built-in namespaces that hold no HelmRelease, left out of the derived alert namespaces. */
export const NAMESPACES_WITHOUT_RELEASES: readonly string[] = ["default", "kube-node-lease", "kube-public"];
