import { createHash } from "node:crypto";
import type { LinodeInstanceSettings } from "../model/autoscaling.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import { emitYaml } from "../render/yaml-emitter.js";
import { apiEndpoint, joinUrl, type K3sNodeConfig, nodeRegistration } from "./k3s-config.js";

/** Label every burst node carries with its pool's name. */
export const NODE_POOL_LABEL = "helix.ai/node-pool";
/** Key of the taint (and label) of burst nodes unless the settings name another. */
export const DEFAULT_BURST_TAINT_KEY = "helix.ai/burst";
/** Name of the burst pool unless the settings name another. */
export const DEFAULT_BURST_POOL = "linode-burst";
/** Image burst nodes boot unless the settings name another (cloud-init through Linode's metadata service). */
export const DEFAULT_BURST_IMAGE = "linode/ubuntu24.04";
/** Where a burst node keeps the k3s join token (the agent config points at it). */
export const BURST_TOKEN_FILE = "/etc/rancher/k3s/token";

/** The burst pool of a cluster, with every default resolved. */
export interface BurstPool {
  readonly name: string;
  readonly region: string;
  readonly instance: LinodeInstanceSettings;
  readonly maxNodes: number;
  readonly image: string;
  /** The NoSchedule taint of every burst node. */
  readonly taint: { readonly key: string; readonly value: string; readonly effect: "NoSchedule" };
  /** Node labels of every burst node, the pool's own ones included. */
  readonly labels: Readonly<Record<string, string>>;
  /** The API address burst nodes join through. */
  readonly apiEndpoint: string;
  /** The k3s version the cluster runs (settings.k3sVersion), which new burst nodes install. */
  readonly k3sVersion: string;
  readonly vpcId?: number;
  readonly firewallId?: number;
}

/** "key=value:Effect", as k3s and kubectl write a taint. */
export function taintString(taint: BurstPool["taint"]): string {
  return `${taint.key}=${taint.value}:${taint.effect}`;
}

/** Money compared in hundredths of a cent, so 3 × 0.0075 fits under 0.0225. */
const units = (usd: number): number => Math.round(usd * 10_000);

/**
 * The burst pool of the settings with defaults resolved, or undefined when the cluster has none.
 * Throws one error listing every setting at fault: a k3s cluster only, a positive node count, and
 * `maxNodes` nodes must fit under the hourly (and monthly, when set) cost caps.
 */
export function burstPool(settings: ClusterSettings): BurstPool | undefined {
  const burst = settings.autoscaling?.burst;
  if (!burst) return undefined;
  const at = "settings.autoscaling.burst";
  const errors: string[] = [];
  if (settings.distribution !== "k3s")
    errors.push(`${at}: burst nodes join k3s clusters only (distribution is "${settings.distribution}")`);
  if (!settings.k3sVersion) errors.push(`${at}: burst nodes install the cluster's k3s version: set settings.k3sVersion`);
  if (!Number.isInteger(burst.maxNodes) || burst.maxNodes < 1)
    errors.push(`${at}.maxNodes: must be a whole number ≥ 1, got ${burst.maxNodes}`);
  const { instance } = burst;
  if (!(instance.cpu > 0) || !(instance.memoryMiB > 0))
    errors.push(`${at}.instance: cpu and memoryMiB of ${instance.type} must be positive`);
  if (!(instance.hourlyPrice >= 0) || !(instance.monthlyPrice >= 0))
    errors.push(`${at}.instance: prices of ${instance.type} must be ≥ 0`);
  const hourly = burst.maxNodes * instance.hourlyPrice;
  if (units(hourly) > units(burst.maxHourlyCost)) {
    errors.push(
      `${at}.maxHourlyCost: ${burst.maxNodes} × ${instance.type} cost ${hourly.toFixed(4)} USD/h, over the cap of ${burst.maxHourlyCost}: lower maxNodes or raise the cap`,
    );
  }
  const monthly = burst.maxNodes * instance.monthlyPrice;
  if (burst.maxMonthlyCost !== undefined && units(monthly) > units(burst.maxMonthlyCost)) {
    errors.push(
      `${at}.maxMonthlyCost: ${burst.maxNodes} × ${instance.type} cost ${monthly.toFixed(2)} USD/month, over the cap of ${burst.maxMonthlyCost}: lower maxNodes or raise the cap`,
    );
  }
  let endpoint = burst.apiEndpoint;
  if (endpoint === undefined) {
    try {
      endpoint = apiEndpoint(settings);
    } catch (error) {
      errors.push(`${at}.apiEndpoint: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  if (errors.length > 0 || endpoint === undefined || !settings.k3sVersion) throw new Error(errors.join("; "));
  const name = burst.name ?? DEFAULT_BURST_POOL;
  const taintKey = burst.taintKey ?? DEFAULT_BURST_TAINT_KEY;
  return {
    name,
    region: burst.region,
    instance,
    maxNodes: burst.maxNodes,
    image: burst.image ?? DEFAULT_BURST_IMAGE,
    taint: { key: taintKey, value: "true", effect: "NoSchedule" },
    labels: {
      ...burst.labels,
      [taintKey]: "true",
      [NODE_POOL_LABEL]: name,
      "node.kubernetes.io/instance-type": instance.type,
      "topology.kubernetes.io/region": burst.region,
    },
    apiEndpoint: endpoint,
    k3sVersion: settings.k3sVersion,
    ...(burst.vpcId === undefined ? {} : { vpcId: burst.vpcId }),
    ...(burst.firewallId === undefined ? {} : { firewallId: burst.firewallId }),
  };
}

/**
 * The k3s agent config of a burst node, from the same pieces as the fixed nodes' configs: the join
 * URL and the registration labels and taint. The node name and address are the instance's own; the
 * token is read from BURST_TOKEN_FILE, which the encrypted bootstrap data writes.
 */
export function burstAgentConfig(pool: BurstPool): K3sNodeConfig {
  return {
    server: joinUrl(pool.apiEndpoint),
    "token-file": BURST_TOKEN_FILE,
    ...nodeRegistration(pool.labels, [taintString(pool.taint)]),
  };
}

/** The script a burst node runs once at first boot: provider ID, then the k3s agent of `k3sVersion`. */
function joinScript(k3sVersion: string): string {
  return [
    "#!/bin/sh",
    "# Joins this Linode to the cluster as a k3s burst agent. Rendered by helix-cluster.",
    "set -eu",
    "# The kubelet's provider ID is the Linode instance id (from the metadata service): Cluster API and",
    "# cluster-autoscaler match the node to its Machine by it.",
    'mt=$(curl -fsS -X PUT -H "Metadata-Token-Expiry-Seconds: 300" http://169.254.169.254/v1/token)',
    'id=$(curl -fsS -H "Metadata-Token: $mt" -H "Accept: application/json" http://169.254.169.254/v1/instance \\',
    "  | python3 -c 'import json, sys; print(json.load(sys.stdin)[\"id\"])')",
    "mkdir -p /etc/rancher/k3s/config.yaml.d",
    "printf 'kubelet-arg:\\n  - \"provider-id=linode://%s\"\\n' \"$id\" >/etc/rancher/k3s/config.yaml.d/10-provider-id.yaml",
    "# The k3s release the bootstrap Secret was made for; system-upgrade-controller leaves burst nodes",
    "# alone, and a render fails once the servers are more than one minor ahead of it.",
    `curl -fsSL https://get.k3s.io | INSTALL_K3S_VERSION=${JSON.stringify(k3sVersion)} INSTALL_K3S_EXEC=agent sh -`,
    "",
  ].join("\n");
}

/** What varies between copies of a burst node's cloud-init without changing what it configures. */
export interface BurstCloudConfigInputs {
  /** The k3s join token: "" in the rendered, committed copy; only the encrypted Secret holds it. */
  readonly token: string;
  /** The k3s release to install. @default the pool's (the cluster's) k3sVersion */
  readonly k3sVersion?: string;
}

/**
 * The cloud-init user data of a burst node (Cluster API's bootstrap data): the agent config, the
 * join token and the join script.
 */
export function burstCloudConfig(pool: BurstPool, inputs: BurstCloudConfigInputs): string {
  const { token } = inputs;
  const files = [
    { path: "/etc/rancher/k3s/config.yaml", permissions: "0600", content: emitYaml(burstAgentConfig(pool)) },
    { path: BURST_TOKEN_FILE, permissions: "0600", content: token === "" ? "" : `${token}\n` },
    {
      path: "/usr/local/sbin/helix-burst-join",
      permissions: "0755",
      content: joinScript(inputs.k3sVersion ?? pool.k3sVersion),
    },
  ];
  return `#cloud-config\n${emitYaml({ write_files: files, runcmd: [["/usr/local/sbin/helix-burst-join"]] })}`;
}

/**
 * sha256 of the cloud-init without the token and the k3s release: what the bootstrap Secret's digest
 * annotation must say. A k3s upgrade does not change it (the release is checked apart, by skew).
 */
export function burstCloudConfigDigest(pool: BurstPool): string {
  return createHash("sha256").update(burstCloudConfig(pool, { token: "", k3sVersion: "" })).digest("hex");
}
