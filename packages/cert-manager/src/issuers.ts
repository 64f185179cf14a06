import { type ClusterSettings, type Component, clusterIssuer } from "@helix-cluster/core";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { dns01Secrets, dns01Spec } from "./dns01-solver.js";
import {
  CERT_MANAGER_NAMESPACE,
  type CertManagerOptions,
  type Dns01Solver,
  INTERNAL_CA_ISSUER,
  type LetsEncryptIssuerName,
  SELF_SIGNED_ISSUER,
} from "./options.js";
import { wildcardCertificate } from "./wildcard-certificate.js";

const ACME_SERVERS: Readonly<Record<LetsEncryptIssuerName, string>> = {
  "letsencrypt-staging": "https://acme-staging-v02.api.letsencrypt.org/directory",
  "letsencrypt-production": "https://acme-v02.api.letsencrypt.org/directory",
};

/** A Let's Encrypt ClusterIssuer solving DNS-01 through the given provider for the given zones. */
export function letsEncryptIssuer(
  name: LetsEncryptIssuerName,
  email: string,
  dnsZones: readonly string[],
  solver: Dns01Solver,
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
            dns01: dns01Spec(solver),
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
  const selfSigned = new ClusterIssuer({ metadata: { name: SELF_SIGNED_ISSUER }, spec: { selfSigned: {} } });
  const caCertificate = new Certificate({
    metadata: { name: "internal-ca", namespace: CERT_MANAGER_NAMESPACE },
    spec: {
      isCA: true,
      commonName: `${settings.domain} internal CA`,
      secretName: "internal-ca",
      duration: "87600h",
      renewBefore: "720h",
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Never" },
      issuerRef: { group: "cert-manager.io", kind: "ClusterIssuer", name: SELF_SIGNED_ISSUER },
    },
  });
  const issuer = new ClusterIssuer({
    metadata: { name: INTERNAL_CA_ISSUER },
    spec: { ca: { secretName: "internal-ca" } },
  });
  return [selfSigned, caCertificate, issuer];
}

const LETS_ENCRYPT_ISSUERS: readonly LetsEncryptIssuerName[] = [
  "letsencrypt-staging",
  "letsencrypt-production",
];

/**
 * ClusterIssuers and certificates: they need the CRDs, so Flux applies them after the chart. The
 * internal CA always; with a DNS-01 solver also the Let's Encrypt issuers and the wildcard
 * certificate. Every ClusterIssuer is provided as a CLUSTER_ISSUER handle for other packages.
 */
export function certManagerIssuers(settings: ClusterSettings, opts: CertManagerOptions): Component {
  const zones = opts.dnsZones ?? [settings.domain];
  const solver = opts.dns01;
  const acme = solver === undefined ? [] : LETS_ENCRYPT_ISSUERS;
  return {
    name: "cert-manager-issuers",
    namespace: CERT_MANAGER_NAMESPACE,
    objects: [
      ...(solver === undefined
        ? []
        : acme.map((name) => letsEncryptIssuer(name, settings.acmeEmail, zones, solver))),
      ...internalCa(settings),
      ...(solver === undefined ? [] : [wildcardCertificate(settings, opts)]),
    ],
    provides: [...acme, SELF_SIGNED_ISSUER, INTERNAL_CA_ISSUER].map((name) => clusterIssuer(name)),
    secrets: solver === undefined ? [] : dns01Secrets(solver),
  };
}
