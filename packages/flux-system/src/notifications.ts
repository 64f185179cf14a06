import { type ClusterSettings, type Component, secretRef } from "@helix-cluster/core";
import { alertProvider, errorAlert, syncAlert } from "./alerts.js";
import {
  ALERT_WEBHOOK_KEY,
  ALERT_WEBHOOK_SECRET,
  DEFAULT_ALERT_NAMESPACES,
  FLUX_SYSTEM_NAMESPACE,
  type FluxSystemOptions,
  RECEIVER_TOKEN_KEY,
  RECEIVER_TOKEN_SECRET,
} from "./options.js";
import { githubReceiver, webhookIngress } from "./receiver.js";

/**
 * Flux's notifications: the GitHub push Receiver (and its public Ingress), and, when the cluster
 * settings name an alert channel, the Provider with error and sync Alerts.
 */
export function fluxNotifications(settings: ClusterSettings, opts: FluxSystemOptions): Component {
  const receiver = opts.receiver ?? {};
  const ingress =
    (receiver.expose ?? true)
      ? [
          webhookIngress({
            host: receiver.host ?? `flux-webhook.${settings.domain}`,
            ingressClass: receiver.ingressClass ?? "external",
            clusterIssuer: receiver.clusterIssuer ?? "letsencrypt-production",
          }),
        ]
      : [];
  const alerts = settings.fluxAlerts;
  const alerting = alerts
    ? [
        alertProvider(alerts),
        errorAlert(alerts.provider, opts.alertNamespaces ?? DEFAULT_ALERT_NAMESPACES, settings.domain),
        syncAlert(alerts.provider, settings.domain),
      ]
    : [];
  return {
    name: "flux-notifications",
    namespace: FLUX_SYSTEM_NAMESPACE,
    objects: [githubReceiver(), ...ingress, ...alerting],
    secrets: [
      secretRef(RECEIVER_TOKEN_SECRET, [RECEIVER_TOKEN_KEY]),
      ...(alerts ? [secretRef(ALERT_WEBHOOK_SECRET, [ALERT_WEBHOOK_KEY])] : []),
    ],
  };
}
