import { type ClusterSettings, type Component, secretRef } from "@helix-cluster/core";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import {
  CERT_MANAGER_NAMESPACE,
  type CertManagerOptions,
  CLOUDFLARE_TOKEN_KEY,
  CLOUDFLARE_TOKEN_SECRET,
  INTERNAL_CA_ISSUER,
  type LetsEncryptIssuerName,
} from "./options.js";
import { wildcardCertificate } from "./wildcard-certificate.js";

const ACME_SERVERS: Readonly<Record<LetsEncryptIssuerName, string>> = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
};

/** A Let's Encrypt ClusterIssuer solving DNS-01 through Cloudflare for the given zones. */
export function letsEncryptIssuer(
  name: LetsEncryptIssuerName,
  email: string,
  dnsZones: readonly string[],
): ClusterIssuer {
  return new ClusterIssuer({
    metadata: { name },
    spec: {
      acme: {
        server: ACME_SERVERS[name],
        email,
        privateKeySecretRef: { name: `${name}-account-key` },
        solvers: [
          {
            selector: { dnsZones: [...dnsZones] },
            dns01: {
              cloudflare: { apiTokenSecretRef: { name: CLOUDFLARE_TOKEN_SECRET, key: CLOUDFLARE_TOKEN_KEY } },
            },
          },
        ],
      },
    },
  });
}

/**
 * The internal CA: a self-signed bootstrap issuer signs a long-lived CA certificate, and the
 * "internal-ca" ClusterIssuer signs in-cluster certificates (mesh, webhooks, internal services) with it.
 */
export function internalCa(settings: ClusterSettings): [ClusterIssuer, Certificate, ClusterIssuer] {
  const selfSigned = new ClusterIssuer({ metadata: { name: "selfsigned" }, spec: { selfSigned: {} } });
  const caCertificate = new Certificate({
    metadata: { name: "internal-ca", namespace: CERT_MANAGER_NAMESPACE },
    spec: {
      isCA: true,
      commonName: `${settings.domain} internal CA`,
      secretName: "internal-ca",
      duration: "87600h",
      renewBefore: "720h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: "selfsigned" },
    },
  });
  const issuer = new ClusterIssuer({
    metadata: { name: INTERNAL_CA_ISSUER },
    spec: { ca: { secretName: "internal-ca" } },
  });
  return [selfSigned, caCertificate, issuer];
}

/** ClusterIssuers and certificates: they need the CRDs, so Flux applies them after the chart. */
export function certManagerIssuers(settings: ClusterSettings, opts: CertManagerOptions): Component {
  const zones = opts.dnsZones ?? [settings.domain];
  return {
    name: "cert-manager-issuers",
    namespace: CERT_MANAGER_NAMESPACE,
    objects: [
      letsEncryptIssuer("letsencrypt-staging", settings.acmeEmail, zones),
      letsEncryptIssuer("letsencrypt-production", settings.acmeEmail, zones),
      ...internalCa(settings),
      wildcardCertificate(settings, opts),
    ],
    secrets: [secretRef(CLOUDFLARE_TOKEN_SECRET, [CLOUDFLARE_TOKEN_KEY])],
  };
}
