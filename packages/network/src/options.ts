import type { IntegrationOption, PodAutoscalingOptions } from "@helix-cluster/core";

/** Options of the network namespace package. */
export interface NetworkOptions {
  /**
   * Owner id External DNS writes into its TXT registry records, so two clusters sharing a
   * Cloudflare zone (on-prem and the DR standby) never delete each other's records.
   * @default the cluster's name, as given to `defineCluster`
   */
  readonly clusterName?: string;
  /**
   * Prometheus Operator ServiceMonitors for the ingress controllers, CoreDNS and External DNS: an
   * integration with the monitoring package (its `monitoring.coreos.com` CRDs).
   * @default "auto" (on when the cluster installs the ServiceMonitor CRD)
   */
  readonly monitoring?: IntegrationOption;
  /** The Cloudflare tunnel; `false` leaves it out. @default {} */
  readonly cloudflared?: CloudflaredOptions | false;
  /** The two F5 NGINX Ingress Controller releases. @default {} */
  readonly ingress?: IngressOptions;
  /**
   * CoreDNS replacing the one bundled with k3s; `false` leaves it out.
   * @default {} on k3s, false elsewhere (EKS manages its own)
   */
  readonly coreDns?: CoreDnsOptions | false;
  /** External DNS publishing the external class's hosts to Cloudflare; `false` leaves it out. @default {} */
  readonly externalDns?: ExternalDnsOptions | false;
}

/** Options of the Cloudflare tunnel (cloudflared). */
export interface CloudflaredOptions {
  /**
   * Tunnel connector replicas (each opens its own connections to the Cloudflare edge); the fewest
   * when autoscaled. 0 parks the tunnel (a standby's), with no autoscaler.
   * @default 2
   */
  readonly replicas?: number;
  /** CPU autoscaling of the connectors above `replicas`. @default { maxReplicas: 4 } */
  readonly autoscaling?: PodAutoscalingOptions | false;
  /**
   * Public hostnames the tunnel accepts and forwards to the external ingress controller; anything
   * else gets a 404 from cloudflared itself.
   * @default [settings.domain, "*." + settings.domain]
   */
  readonly hostnames?: readonly string[];
  /**
   * UUID of the locally-managed tunnel (`cloudflared tunnel create` prints it). When set, a
   * DNSEndpoint makes External DNS publish `<ingress.externalHostname>` as a proxied CNAME to
   * `<tunnelId>.cfargotunnel.com`; when unset, create that one record by hand once
   * (`cloudflared tunnel route dns <tunnel> <ingress.externalHostname>`).
   * @default undefined
   */
  readonly tunnelId?: string;
}

/** Options of the internal and external NGINX ingress controllers. */
export interface IngressOptions {
  /** IngressClass of the in-house controller (LoadBalancer IP on the LAN). @default "internal" */
  readonly internalClass?: string;
  /** IngressClass of the public controller, reached only through the Cloudflare tunnel. @default "external" */
  readonly externalClass?: string;
  /**
   * Fewest replicas of each controller (the autoscaler adds more under load; a standby starts from
   * one); a PodDisruptionBudget keeps one of them up when there are two or more.
   * @default 2
   */
  readonly replicas?: number;
  /** CPU autoscaling of each controller (the chart's HPA). @default { maxReplicas: 6 } */
  readonly autoscaling?: PodAutoscalingOptions | false;
  /**
   * LoadBalancer address of the internal controller; must lie in `settings.loadBalancerPool`.
   * @default the first host address of settings.loadBalancerPool[0] (none when the pool is empty)
   */
  readonly internalLoadBalancerIp?: string;
  /**
   * Hostname the external controller reports in the status of its Ingresses; External DNS points
   * every external host at it (CNAME), and it points at the tunnel.
   * @default "external." + settings.domain
   */
  readonly externalHostname?: string;
  /**
   * TLS Secret ("namespace/name") served for Ingress hosts that enable TLS without naming a
   * secret, e.g. the cert-manager package's wildcard certificate. Unset: such hosts get no TLS.
   * @default undefined
   */
  readonly wildcardTlsSecret?: string;
}

/** Options of CoreDNS. */
export interface CoreDnsOptions {
  /** ClusterIP of the kube-dns Service: what every kubelet's --cluster-dns points at. @default "10.43.0.10" */
  readonly clusterDnsIp?: string;
  /** Fewest CoreDNS replicas, spread over nodes (the autoscaler adds more under load). @default 2 */
  readonly replicas?: number;
  /** CPU autoscaling of CoreDNS (the chart's HPA). @default { maxReplicas: 6 } */
  readonly autoscaling?: PodAutoscalingOptions | false;
  /** Where names outside the cluster are forwarded. @default ["/etc/resolv.conf"] */
  readonly upstreams?: readonly string[];
}

/** Options of External DNS. */
export interface ExternalDnsOptions {
  /**
   * How records are synchronised: "sync" also deletes the records of removed Ingresses (only those
   * this cluster owns, by TXT owner id); "upsert-only" never deletes.
   * @default "sync"
   */
  readonly policy?: "sync" | "upsert-only";
  /** Reconcile interval (it also reacts to Ingress events at once). @default "1m" */
  readonly interval?: string;
  /** DNS zones it may write records in (`--domain-filter`). @default [settings.domain] */
  readonly domainFilters?: readonly string[];
}

/** Namespace of the network package. */
export const NETWORK_NAMESPACE = "network";
/** Secret with the Cloudflare API token (Zone:DNS:Edit, Zone:Zone:Read) for External DNS. */
export const CLOUDFLARE_TOKEN_SECRET = "cloudflare-api-token";
/** Key of the token in that Secret. */
export const CLOUDFLARE_TOKEN_KEY = "api-token";
/** Secret with the tunnel token (`cloudflared tunnel token <tunnel>`). */
export const TUNNEL_TOKEN_SECRET = "cloudflared-tunnel";
/** Key of the token in that Secret. */
export const TUNNEL_TOKEN_KEY = "token";
/** The cluster DNS address k3s gives kubelets by default (10th address of its --service-cidr 10.43.0.0/16). */
export const K3S_CLUSTER_DNS_IP = "10.43.0.10";

/** Spreads the pods of one app over nodes (soft) so one node loss never takes all replicas. */
export function spreadOverNodes(matchLabels: Record<string, string>): {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: "ScheduleAnyway";
  labelSelector: { matchLabels: Record<string, string> };
}[] {
  return [
    {
      maxSkew: 1,
      topologyKey: "kubernetes.io/hostname",
      whenUnsatisfiable: "ScheduleAnyway",
      labelSelector: { matchLabels },
    },
  ];
}
