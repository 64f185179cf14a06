import { type BuildContext, type ClusterSettings, type Component, secretRef } from "@helix-cluster/core";
import { alertProvider, errorAlert, syncAlert } from "./alerts.js";
import {
  receiverCertificatesIntegration,
  receiverClusterIssuer,
  receiverIngressClass,
  receiverIngressIntegration,
} from "./integrations.js";
import {
  ALERT_WEBHOOK_KEY,
  ALERT_WEBHOOK_SECRET,
  FLUX_SYSTEM_NAMESPACE,
  type FluxSystemOptions,
  NAMESPACES_WITHOUT_RELEASES,
  RECEIVER_TOKEN_KEY,
  RECEIVER_TOKEN_SECRET,
} from "./options.js";
import { githubReceiver, webhookIngress } from "./receiver.js";

/**
 * Flux's notifications: the GitHub push Receiver (and its public Ingress when the cluster has an
 * ingress class), and, when the cluster settings name an alert channel, the Provider with error
 * and sync Alerts, the error alert watching the HelmReleases of every namespace of the cluster.
 */
export function fluxNotifications(
  settings: ClusterSettings,
  opts: FluxSystemOptions,
  context: BuildContext,
): Component {
  const receiver = opts.receiver ?? {};
  const exposed = receiverIngressIntegration(opts, context);
  const certificates = receiverCertificatesIntegration(opts, context);
  const ingress = exposed.enabled
    ? [
        webhookIngress({
          host: receiver.host ?? `flux-webhook.${settings.domain}`,
          ingressClass: receiverIngressClass(opts),
          ...(certificates.enabled ? { clusterIssuer: receiverClusterIssuer(opts) } : {}),
        }),
      ]
    : [];
  const alertNamespaces =
    opts.alertNamespaces ?? context.namespaces.filter((n) => !NAMESPACES_WITHOUT_RELEASES.includes(n));
  const alerts = settings.fluxAlerts;
  const alerting = alerts
    ? [
        alertProvider(alerts),
        errorAlert(alerts.provider, alertNamespaces, settings.domain),
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
    integrations: [exposed, certificates],
  };
}
