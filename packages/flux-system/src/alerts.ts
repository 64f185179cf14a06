import type { FluxAlertSettings } from "@helix-cluster/core";
import { Alert } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Alert";
import { Provider } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/Provider";
import type { IProviderSpec } from "@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3/ProviderSpec";
import { ALERT_WEBHOOK_SECRET, FLUX_SYSTEM_NAMESPACE } from "./options.js";

/** Name of the root Kustomization core renders (it applies the whole rendered tree). */
export const ROOT_KUSTOMIZATION = "cluster";

/**
 * The notification Provider of the cluster's alert channel. Its webhook URL (the only credential of
 * most chat providers) is the `address` key of a SOPS secret, never in git in clear.
 */
export function alertProvider(alerts: FluxAlertSettings): Provider {
  return new Provider({
    metadata: { name: alerts.provider, namespace: FLUX_SYSTEM_NAMESPACE },
    spec: {
      // Checked against the Provider schema's enum at validation.
      type: alerts.provider as IProviderSpec["type"],
      ...(alerts.channel ? { channel: alerts.channel } : {}),
      secretRef: { name: ALERT_WEBHOOK_SECRET },
    },
  });
}

/**
 * Error alerts for every Kustomization (they all live in flux-system), the root GitRepository and
 * the HelmReleases of the given namespaces (an Alert's event sources are per namespace).
 */
export function errorAlert(
  providerName: string,
  helmReleaseNamespaces: readonly string[],
  domain: string,
): Alert {
  return new Alert({
    metadata: { name: "flux-errors", namespace: FLUX_SYSTEM_NAMESPACE },
    spec: {
      providerRef: { name: providerName },
      eventSeverity: "error",
      eventMetadata: { cluster: domain },
      eventSources: [
        { kind: "Kustomization", name: "*", namespace: FLUX_SYSTEM_NAMESPACE },
        { kind: "GitRepository", name: "*", namespace: FLUX_SYSTEM_NAMESPACE },
        ...[...new Set(helmReleaseNamespaces)].sort().map((namespace) => ({
          kind: "HelmRelease" as const,
          name: "*",
          namespace,
        })),
      ],
    },
  });
}

/** Info events of the root Kustomization: which git revision the cluster now runs. */
export function syncAlert(providerName: string, domain: string): Alert {
  return new Alert({
    metadata: { name: "cluster-sync", namespace: FLUX_SYSTEM_NAMESPACE },
    spec: {
      providerRef: { name: providerName },
      eventSeverity: "info",
      eventMetadata: { cluster: domain },
      eventSources: [{ kind: "Kustomization", name: ROOT_KUSTOMIZATION, namespace: FLUX_SYSTEM_NAMESPACE }],
    },
  });
}
