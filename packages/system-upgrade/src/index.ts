import { type ClusterSettings, type Component, defineNamespacePackage } from "@helix-cluster/core";
import { systemUpgradeController } from "./controller.js";
import { optionsSchema } from "./generated/options-schema.js";
import { k3sUpgradePlans } from "./k3s-plans.js";
import { SYSTEM_UPGRADE_NAMESPACE, type SystemUpgradeOptions } from "./options.js";

export { CONTROLLER_ENV, CONTROLLER_IMAGE, controllerEnv, systemUpgradeController } from "./controller.js";
export {
  AGENT_PLAN,
  agentPlan,
  K3S_PLANS,
  K3S_UPGRADE_IMAGE,
  k3sUpgradePlans,
  pinnedK3sVersion,
  SERVER_PLAN,
  serverPlan,
} from "./k3s-plans.js";
export * from "./options.js";
export { CONTROLLER_NAME, controllerRbac, DRAINER_ROLE } from "./rbac.js";

/** The components of the system-upgrade namespace: the controller, then the Plans using its CRD. */
export function systemUpgradeComponents(settings: ClusterSettings, opts: SystemUpgradeOptions): Component[] {
  return [systemUpgradeController(opts.controller), k3sUpgradePlans(settings, opts.plans)];
}

/**
 * Automated k3s upgrades: system-upgrade-controller plus the server and agent Plans pinned to
 * settings.k3sVersion. Bumping that one setting (Renovate does) rolls the whole cluster, servers
 * first, one node at a time.
 */
export const systemUpgrade = defineNamespacePackage<SystemUpgradeOptions>({
  packageName: "@helix-cluster/system-upgrade",
  namespace: SYSTEM_UPGRADE_NAMESPACE,
  optionsSchema,
  // The upgrade Jobs replace the k3s binary on the host: hostPID, hostNetwork, privileged.
  labels: () => ({
    "pod-security.kubernetes.io/enforce": "privileged",
    "pod-security.kubernetes.io/warn": "privileged",
    "pod-security.kubernetes.io/audit": "privileged",
  }),
  components: systemUpgradeComponents,
});
