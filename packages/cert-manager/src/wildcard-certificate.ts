import type { ClusterSettings } from "@helix-cluster/core";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { CERT_MANAGER_NAMESPACE, type CertManagerOptions } from "./options.js";

/** Name of the wildcard certificate's Secret: "wildcard-<domain with dashes>-tls". */
export function wildcardSecretName(domain: string): string {
  return `wildcard-${domain.replaceAll(".", "-")}-tls`;
}

/** The wildcard certificate of the cluster domain ("*.domain" and the apex), from Let's Encrypt. */
export function wildcardCertificate(settings: ClusterSettings, opts: CertManagerOptions): Certificate {
  const secretName = wildcardSecretName(settings.domain);
  return new Certificate({
    metadata: {
      name: secretName.replace(/-tls$/, ""),
      namespace: opts.wildcardNamespace ?? CERT_MANAGER_NAMESPACE,
    },
    spec: {
      secretName,
      dnsNames: [settings.domain, `*.${settings.domain}`],
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      issuerRef: {
        group: "cert-manager.io",
        kind: "ClusterIssuer",
        name: opts.wildcardIssuer ?? "letsencrypt-production",
      },
    },
  });
}
