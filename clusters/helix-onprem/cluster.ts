import { certManager } from "@helix-cluster/cert-manager";
import { defineCluster } from "@helix-cluster/core";
import { settings } from "./settings.js";

/** The on-prem production cluster: settings plus the namespace packages composed into it. */
export default defineCluster({
  name: "helix-onprem",
  settings,
  namespaces: [certManager()],
});
