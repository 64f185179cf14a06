import {
  type BuildContext,
  CLUSTER_ISSUER,
  type ClusterSettings,
  type Component,
  clusterIssuer,
  type Integration,
  resolveIntegration,
  secretRef,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { Gateway } from "@kubernetes-models/istio/networking.istio.io/v1/Gateway";
import { INGRESS_GATEWAY_SELECTOR } from "./ingress-gateway.js";
import { INGRESS_NAMESPACE, type IstioSystemOptions, PUBLIC_GATEWAY_NAME } from "./options.js";

/** Secret the certificate is written to, and that the Gateway serves (same namespace, as Istio requires). */
export const PUBLIC_GATEWAY_TLS_SECRET = `${PUBLIC_GATEWAY_NAME}-gateway-tls`;

/** The public hosts: the gateway options, or every subdomain of the cluster domain. */
export function publicHosts(settings: ClusterSettings, opts: IstioSystemOptions): string[] {
  return [...(opts.gateway?.hosts ?? [`*.${settings.domain}`])];
}

/** Resource type of cert-manager's Certificate. */
export const CERTIFICATE_TYPE = "cert-manager.io/Certificate";
/** Default ClusterIssuer of the gateway certificate. */
export const DEFAULT_GATEWAY_ISSUER = "letsencrypt-production";

/**
 * The certificate integration: on ("auto") when the cluster installs cert-manager's Certificate CRD
 * and provides the ClusterIssuer the options name; `true` lists what is missing.
 */
export function gatewayCertificateIntegration(context: BuildContext, opts: IstioSystemOptions): Integration {
  const issuer = opts.gateway?.clusterIssuer ?? DEFAULT_GATEWAY_ISSUER;
  const option = opts.gateway?.certificate;
  const resolved = resolveIntegration(context, {
    name: "certificate",
    option,
    optionPath: "gateway.certificate",
    needs: { types: [CERTIFICATE_TYPE], contracts: [CLUSTER_ISSUER] },
    addHint: "@helix-cluster/cert-manager",
  });
  if (!resolved.enabled || context.provides(clusterIssuer(issuer))) return resolved;
  const unmet = `no component provides ClusterIssuer "${issuer}"`;
  return option === true
    ? {
        ...resolved,
        missing: [
          ...resolved.missing,
          `certificate integration is on but ${unmet}: add it, set gateway.clusterIssuer to one the cluster provides, or set gateway.certificate: false`,
        ],
      }
    : { name: "certificate", enabled: false, reason: `auto: off, ${unmet}`, missing: [] };
}

/** Certificate of the public hosts, from a Let's Encrypt ClusterIssuer (DNS-01 covers wildcards). */
export function gatewayCertificate(settings: ClusterSettings, opts: IstioSystemOptions): Certificate {
  return new Certificate({
    metadata: { name: `${PUBLIC_GATEWAY_NAME}-gateway`, namespace: INGRESS_NAMESPACE },
    spec: {
      secretName: PUBLIC_GATEWAY_TLS_SECRET,
      dnsNames: publicHosts(settings, opts),
      privateKey: { algorithm: "ECDSA", size: 256, rotationPolicy: "Always" },
      issuerRef: {
        group: "cert-manager.io",
        kind: "ClusterIssuer",
        name: opts.gateway?.clusterIssuer ?? DEFAULT_GATEWAY_ISSUER,
      },
    },
  });
}

/** The public Gateway: HTTPS on 443 with the certificate above, and HTTP on 80 redirecting to HTTPS. */
export function publicGateway(settings: ClusterSettings, opts: IstioSystemOptions): Gateway {
  const hosts = publicHosts(settings, opts);
  return new Gateway({
    metadata: { name: PUBLIC_GATEWAY_NAME, namespace: INGRESS_NAMESPACE },
    spec: {
      selector: { ...INGRESS_GATEWAY_SELECTOR },
      servers: [
        {
          port: { number: 443, name: "https", protocol: "HTTPS" },
          hosts,
          tls: { mode: "SIMPLE", credentialName: PUBLIC_GATEWAY_TLS_SECRET, minProtocolVersion: "TLSV1_2" },
        },
        {
          port: { number: 80, name: "http", protocol: "HTTP" },
          hosts,
          tls: { httpsRedirect: true },
        },
      ],
    },
  });
}

/**
 * The Gateway and, with the certificate integration, its cert-manager Certificate (else the TLS
 * secret from SOPS). They need the Istio (and cert-manager) CRDs: derived dependencies. The Gateway
 * is configuration istiod pushes to the gateway pods whenever they come up.
 */
export function publicGatewayComponent(
  settings: ClusterSettings,
  opts: IstioSystemOptions,
  context: BuildContext,
): Component {
  const certificate = gatewayCertificateIntegration(context, opts);
  return {
    name: "istio-public-gateway",
    namespace: INGRESS_NAMESPACE,
    objects: [
      ...(certificate.enabled ? [gatewayCertificate(settings, opts)] : []),
      publicGateway(settings, opts),
    ],
    usesCrds: typesWhenEnabled(certificate, CERTIFICATE_TYPE),
    secrets: certificate.enabled ? [] : [secretRef(PUBLIC_GATEWAY_TLS_SECRET, ["tls.crt", "tls.key"])],
    integrations: [certificate],
    // A DNS-01 order can take a few minutes: give the certificate time before calling it failed.
    kustomization: { timeout: "15m" },
  };
}
