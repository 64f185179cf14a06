import { defineNamespacePackage } from "@helix-cluster/core";
import { flagger } from "./flagger.js";
import { fluxInstance } from "./flux-instance.js";
import { fluxOperator } from "./flux-operator.js";
import { optionsSchema } from "./generated/options-schema.js";
import { flaggerPlan, monitorsIntegration } from "./integrations.js";
import { fluxNotifications } from "./notifications.js";
import { FLUX_SYSTEM_NAMESPACE, type FluxSystemOptions } from "./options.js";

export { alertProvider, errorAlert, ROOT_KUSTOMIZATION, syncAlert } from "./alerts.js";
export { FLAGGER_CRDS, FLAGGER_VERSION, type FlaggerValues, flagger } from "./flagger.js";
export {
  FLUX_COMPONENTS,
  FLUX_VERSION,
  type FluxComponentName,
  type FluxInstancePatch,
  type FluxInstanceValues,
  fluxInstance,
} from "./flux-instance.js";
export {
  FLUX_OPERATOR_CRDS,
  FLUX_OPERATOR_VERSION,
  type FluxOperatorValues,
  fluxOperator,
} from "./flux-operator.js";
export {
  CLUSTER_ISSUER_TYPE,
  type FlaggerPlan,
  flaggerPlan,
  monitorsIntegration,
  receiverCertificatesIntegration,
  receiverIngressIntegration,
} from "./integrations.js";
export { fluxNotifications } from "./notifications.js";
export * from "./options.js";
export {
  githubReceiver,
  RECEIVER_NAME,
  WEBHOOK_RECEIVER_SERVICE,
  type WebhookIngressOptions,
  webhookIngress,
} from "./receiver.js";

/**
 * The flux-system namespace: the Flux Operator and the FluxInstance that run Flux itself, its
 * webhook receiver and alerts, and Flagger. Declaring the namespace here makes core render this
 * package's Namespace instead of its own; the root sync (GitRepository "flux-system", Kustomization
 * "cluster" with SOPS decryption) stays core's.
 */
export const fluxSystem = defineNamespacePackage<FluxSystemOptions>({
  packageName: "@helix-cluster/flux-system",
  namespace: FLUX_SYSTEM_NAMESPACE,
  optionsSchema,
  labels: () => ({
    // Flux controllers and Flagger run restricted-compliant; baseline is enforced so that a chart
    // upgrade that drifts warns first instead of stopping the GitOps engine itself.
    "pod-security.kubernetes.io/enforce": "baseline",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  }),
  components: (settings, opts, context) => {
    const monitoring = monitorsIntegration(opts, context);
    const flaggerSwitch = flaggerPlan(opts, context);
    return [
      fluxOperator(monitoring, flaggerSwitch.integration),
      fluxInstance(settings, opts, context),
      fluxNotifications(settings, opts, context),
      ...(flaggerSwitch.integration.enabled ? [flagger(opts, flaggerSwitch, monitoring)] : []),
    ];
  },
});
