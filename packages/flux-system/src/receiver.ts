import { FLUX_GIT_SOURCE, FLUX_NAMESPACE } from "@helix-cluster/core";
import { Receiver } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1/Receiver";
import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { FLUX_SYSTEM_NAMESPACE, RECEIVER_TOKEN_SECRET } from "./options.js";

/** Name of the GitHub Receiver. */
export const RECEIVER_NAME = "github";
/** Service in front of notification-controller's webhook port, created with the Flux controllers. */
export const WEBHOOK_RECEIVER_SERVICE = "webhook-receiver";

/**
 * The GitHub webhook Receiver: a push (or GitHub's ping) makes Flux fetch the root GitRepository at
 * once instead of at its next interval. GitHub signs payloads with the token of the SOPS secret.
 */
export function githubReceiver(): Receiver {
  return new Receiver({
    metadata: { name: RECEIVER_NAME, namespace: FLUX_SYSTEM_NAMESPACE },
    spec: {
      type: "github",
      events: ["ping", "push"],
      secretRef: { name: RECEIVER_TOKEN_SECRET },
      resources: [
        {
          apiVersion: "source.toolkit.fluxcd.io/v1",
          kind: "GitRepository",
          name: FLUX_GIT_SOURCE,
          namespace: FLUX_NAMESPACE,
        },
      ],
    },
  });
}

/** Options of the webhook Ingress. */
export interface WebhookIngressOptions {
  readonly host: string;
  readonly ingressClass: string;
  /** ClusterIssuer of its certificate. @default undefined (no TLS: the cluster has no cert-manager) */
  readonly clusterIssuer?: string;
}

/**
 * Public exposure of the receiver: only the /hook/ paths of notification-controller, over HTTPS
 * with a certificate issued by cert-manager's ingress-shim when an issuer is given. Flux's own NetworkPolicy admits webhook traffic
 * to notification-controller from the ingress controller's namespace.
 */
export function webhookIngress(opts: WebhookIngressOptions): Ingress {
  return new Ingress({
    metadata: {
      name: "flux-webhook",
      namespace: FLUX_SYSTEM_NAMESPACE,
      ...(opts.clusterIssuer
        ? { annotations: { "cert-manager.io/cluster-issuer": opts.clusterIssuer } }
        : {}),
    },
    spec: {
      ingressClassName: opts.ingressClass,
      ...(opts.clusterIssuer ? { tls: [{ hosts: [opts.host], secretName: "flux-webhook-tls" }] } : {}),
      rules: [
        {
          host: opts.host,
          http: {
            paths: [
              {
                path: "/hook/",
                pathType: "Prefix",
                backend: { service: { name: WEBHOOK_RECEIVER_SERVICE, port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  });
}
