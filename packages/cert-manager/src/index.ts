import { defineNamespacePackage } from "@helix-cluster/core";
import { certManagerChart } from "./chart.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { certManagerIssuers } from "./issuers.js";
import { CERT_MANAGER_NAMESPACE, type CertManagerOptions } from "./options.js";

export { CERT_MANAGER_CRDS, certManagerChart } from "./chart.js";
export { type Dns01Spec, dns01Secrets, dns01Spec } from "./dns01-solver.js";
export { certManagerIssuers, internalCa, letsEncryptIssuer } from "./issuers.js";
export * from "./options.js";
export { wildcardCertificate, wildcardSecretName } from "./wildcard-certificate.js";

/** The cert-manager namespace: the chart, then the issuers and certificates that need its CRDs. */
export const certManager = defineNamespacePackage<CertManagerOptions>({
  packageName: "@helix-cluster/cert-manager",
  chartValuesSchemas,
  namespace: CERT_MANAGER_NAMESPACE,
  optionsSchema,
  components: (settings, opts, context) => [
    certManagerChart(settings, opts, context),
    certManagerIssuers(settings, opts),
  ],
});
export * from "./generated/values/index.js";
