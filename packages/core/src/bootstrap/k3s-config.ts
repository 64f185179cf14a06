import { clusterDomainOf, DEFAULT_CLUSTER_DOMAIN } from "../model/cluster-domain.js";
import type { ClusterSettings, NodeSettings } from "../model/cluster-settings.js";
import { compareCodePoints, compareEntryKeys } from "../model/code-point-order.js";
import type { Component, K3sConfigValue } from "../model/component.js";

/** The k3s API port. */
export const K3S_API_PORT = 6443;

/** A node's k3s config (`/etc/rancher/k3s/config.yaml`), keys in a stable order. */
export type K3sNodeConfig = Readonly<Record<string, K3sConfigValue>>;

/** A conflict between two components' k3s requirements. */
export interface K3sConflict {
  readonly key: string;
  readonly components: readonly string[];
}

/** The API endpoint nodes join and kubectl uses: the configured one, else the first server. */
export function apiEndpoint(settings: ClusterSettings): string {
  const first = (settings.nodes ?? []).find((n) => n.role === "server");
  const endpoint = settings.bootstrap?.apiEndpoint ?? first?.address;
  if (!endpoint) throw new Error("a k3s cluster needs at least one server node or bootstrap.apiEndpoint");
  return endpoint;
}

/**
 * The server config every k3s server shares, merged from what the composed components require
 * (disabled bundled add-ons, flannel/kube-proxy off for Cilium…). Two components asking for
 * different values of one key is a conflict.
 */
export function mergeServerRequirements(components: readonly Component[]): {
  disable: string[];
  config: Record<string, K3sConfigValue>;
  conflicts: K3sConflict[];
} {
  const disable = new Set<string>();
  const config: Record<string, K3sConfigValue> = {};
  const owners = new Map<string, string[]>();
  const conflicts: K3sConflict[] = [];
  for (const c of components) {
    for (const d of c.k3s?.disable ?? []) disable.add(d);
    for (const [key, value] of Object.entries(c.k3s?.serverConfig ?? {})) {
      const before = config[key];
      if (before !== undefined && JSON.stringify(before) !== JSON.stringify(value)) {
        conflicts.push({ key, components: [...(owners.get(key) ?? []), c.name] });
      }
      config[key] = value;
      owners.set(key, [...(owners.get(key) ?? []), c.name]);
    }
  }
  return { disable: [...disable].sort(compareCodePoints), config, conflicts };
}

/** The URL agents and joining servers register through. */
export function joinUrl(endpoint: string): string {
  return `https://${endpoint}:${K3S_API_PORT}`;
}

/**
 * The labels and taints a node registers with (`node-label`, `node-taint`), labels sorted by key
 * (code point order). Shared by the fixed nodes and the burst nodes' agent config.
 */
export function nodeRegistration(
  labels: Readonly<Record<string, string>>,
  taints: readonly string[],
): Record<string, K3sConfigValue> {
  const sorted = Object.entries(labels)
    .sort(compareEntryKeys)
    .map(([k, v]) => `${k}=${v}`);
  return {
    ...(sorted.length > 0 ? { "node-label": sorted } : {}),
    ...(taints.length > 0 ? { "node-taint": [...taints] } : {}),
  };
}

function nodeIdentity(node: NodeSettings): Record<string, K3sConfigValue> {
  return {
    "node-name": node.name,
    "node-ip": node.address,
    ...nodeRegistration(node.labels ?? {}, node.taints ?? []),
  };
}

/**
 * The k3s config of every node: the first server initialises the embedded etcd cluster
 * (`cluster-init`), the other servers and the agents join through the API endpoint; servers get
 * the merged requirements of the components, TLS SANs and secrets encryption.
 */
export function k3sNodeConfigs(
  settings: ClusterSettings,
  components: readonly Component[],
): Map<string, K3sNodeConfig> {
  const nodes = settings.nodes ?? [];
  const endpoint = apiEndpoint(settings);
  const servers = nodes.filter((n) => n.role === "server");
  const { disable, config } = mergeServerRequirements(components);
  // A cluster domain of its own must reach the kubelets too, or Service names stop resolving.
  const domain = clusterDomainOf(settings);
  if (domain !== DEFAULT_CLUSTER_DOMAIN) config["cluster-domain"] = domain;
  const tlsSan = [
    ...new Set([endpoint, ...(settings.bootstrap?.tlsSans ?? []), ...servers.map((s) => s.address)]),
  ];
  const join = joinUrl(endpoint);
  const out = new Map<string, K3sNodeConfig>();
  for (const node of nodes) {
    if (node.role === "server") {
      const first = node === servers[0];
      out.set(node.name, {
        ...(first ? { "cluster-init": true } : { server: join }),
        ...nodeIdentity(node),
        "tls-san": tlsSan,
        ...(disable.length > 0 ? { disable } : {}),
        ...Object.fromEntries(Object.entries(config).sort(compareEntryKeys)),
        "secrets-encryption": true,
        "write-kubeconfig-mode": "0600",
        "etcd-snapshot-schedule-cron": "0 */6 * * *",
        "etcd-snapshot-retention": 20,
      });
    } else {
      out.set(node.name, { server: join, ...nodeIdentity(node) });
    }
  }
  return out;
}
