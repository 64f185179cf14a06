import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicy";
import type { INetworkPolicyEgressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyEgressRule";
import type { INetworkPolicyIngressRule } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyIngressRule";
import type { INetworkPolicyPeer } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPeer";
import type { INetworkPolicyPort } from "kubernetes-models/networking.k8s.io/v1/NetworkPolicyPort";
import { DATA_PLANE_PORTS, ISTIOD_PORTS, OTLP_PORTS, type PeerNamespaces, SCRAPE_PORTS } from "./options.js";

/** Peer namespaces with their defaults filled in. */
export type Peers = Required<PeerNamespaces>;

/** The platform namespaces the environments talk to by default. */
export const DEFAULT_PEERS: Peers = {
  dns: "kube-system",
  istioControlPlane: "istio-system",
  ingressGateway: "istio-ingress",
  monitoring: "monitoring",
  dataPlane: "data-plane",
};

/** Options of an environment's network policies. */
export interface NetworkPolicyOptions {
  readonly namespace: string;
  readonly peers: Peers;
  readonly dataPlaneAccess: boolean;
  readonly egressCidrs: readonly string[];
}

const inNamespace = (name: string, podLabels?: Record<string, string>): INetworkPolicyPeer => ({
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": name } },
  ...(podLabels ? { podSelector: { matchLabels: podLabels } } : {}),
});
const tcp = (ports: readonly number[]): INetworkPolicyPort[] =>
  ports.map((port) => ({ protocol: "TCP", port }));

/** A policy over every pod of the namespace; a direction given with no rules denies all of it. */
function policy(
  namespace: string,
  name: string,
  rules: { readonly ingress?: INetworkPolicyIngressRule[]; readonly egress?: INetworkPolicyEgressRule[] },
): NetworkPolicy {
  const policyTypes: ("Ingress" | "Egress")[] = [];
  if (rules.ingress) policyTypes.push("Ingress");
  if (rules.egress) policyTypes.push("Egress");
  return new NetworkPolicy({
    metadata: { name, namespace },
    spec: {
      podSelector: {},
      policyTypes,
      ...(rules.ingress?.length ? { ingress: rules.ingress } : {}),
      ...(rules.egress?.length ? { egress: rules.egress } : {}),
    },
  });
}

/**
 * Default-deny in both directions, then one policy per allowed flow (policies add up): within the
 * namespace, DNS, istiod, the ingress gateway, Prometheus scrapes, OTLP export, and optionally the
 * data plane and outside networks.
 */
export function networkPolicies(opts: NetworkPolicyOptions): NetworkPolicy[] {
  const ns = opts.namespace;
  const p = opts.peers;
  return [
    policy(ns, "default-deny", { ingress: [], egress: [] }),
    policy(ns, "allow-same-namespace", {
      ingress: [{ from: [{ podSelector: {} }] }],
      egress: [{ to: [{ podSelector: {} }] }],
    }),
    policy(ns, "allow-dns", {
      egress: [
        {
          to: [inNamespace(p.dns)],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
      ],
    }),
    policy(ns, "allow-istiod", {
      egress: [{ to: [inNamespace(p.istioControlPlane, { app: "istiod" })], ports: tcp(ISTIOD_PORTS) }],
    }),
    policy(ns, "allow-ingress-gateway", { ingress: [{ from: [inNamespace(p.ingressGateway)] }] }),
    policy(ns, "allow-prometheus-scrape", {
      ingress: [{ from: [inNamespace(p.monitoring)], ports: tcp(SCRAPE_PORTS) }],
    }),
    policy(ns, "allow-otlp", { egress: [{ to: [inNamespace(p.monitoring)], ports: tcp(OTLP_PORTS) }] }),
    ...(opts.dataPlaneAccess
      ? [
          policy(ns, "allow-data-plane", {
            egress: [{ to: [inNamespace(p.dataPlane)], ports: tcp(DATA_PLANE_PORTS) }],
          }),
        ]
      : []),
    ...(opts.egressCidrs.length > 0
      ? [
          policy(ns, "allow-external-egress", {
            egress: [{ to: opts.egressCidrs.map((cidr) => ({ ipBlock: { cidr } })) }],
          }),
        ]
      : []),
  ];
}
