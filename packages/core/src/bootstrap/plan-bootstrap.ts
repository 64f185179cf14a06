import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { ClusterDefinition } from "../model/cluster.js";
import { compareCodePoints } from "../model/code-point-order.js";
import type { Component } from "../model/component.js";
import { toYamlDocument } from "../render/yaml.js";
import { inspectSopsYaml } from "../secrets/inspect.js";
import type { Problem } from "../validate/problem.js";
import { type SecretMacCount, verifyFileMac } from "../validate/secret-macs.js";
import { ansibleInventory, K3S_TOKEN_SECRET_PATH } from "./ansible-inventory.js";
import { burstAgentConfig, burstCloudConfig, burstPool } from "./burst-nodes.js";
import { bootstrapHelmFiles } from "./helm-installs.js";
import { k3sNodeConfigs, mergeServerRequirements } from "./k3s-config.js";

/**
 * The bootstrap files of a cluster (relative to `clusters/<name>/bootstrap/`): the values of the
 * Helm releases installed before Flux, for k3s clusters with nodes one k3s config per node and
 * the Ansible inventory, and the cluster's own files (`defineCluster({ bootstrapFiles })`).
 */
export function planBootstrap(
  cluster: ClusterDefinition,
  components: readonly Component[],
): { files: Map<string, string>; problems: Problem[] } {
  const { files, problems } = planCoreFiles(cluster, components);
  const own = ownBootstrapFiles(cluster, components);
  problems.push(...own.problems);
  for (const [path, text] of own.files) {
    if (files.has(path))
      problems.push({
        cluster: cluster.name,
        layer: "build",
        path: `bootstrapFiles["${path}"]`,
        message: "core writes this bootstrap file already: choose another path",
      });
    else files.set(path, text);
  }
  return { files: new Map([...files].sort(([a], [b]) => compareCodePoints(a, b))), problems };
}

/** What bootstrapFiles returned, with a problem for a path outside bootstrap/ or a thrown error. */
function ownBootstrapFiles(
  cluster: ClusterDefinition,
  components: readonly Component[],
): { files: Map<string, string>; problems: Problem[] } {
  if (!cluster.bootstrapFiles) return { files: new Map(), problems: [] };
  let returned: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  try {
    returned = cluster.bootstrapFiles({ name: cluster.name, settings: cluster.settings, components });
  } catch (error) {
    return {
      files: new Map(),
      problems: [
        {
          cluster: cluster.name,
          layer: "build",
          path: "bootstrapFiles",
          message: `failed: ${error instanceof Error ? error.message : String(error)}`,
        },
      ],
    };
  }
  const entries: [string, string][] =
    returned instanceof Map ? [...(returned as ReadonlyMap<string, string>)] : Object.entries(returned);
  const files = new Map<string, string>();
  const problems: Problem[] = [];
  for (const [path, text] of entries) {
    const segments = path.split("/");
    if (path.startsWith("/") || segments.some((s) => s === "" || s === "." || s === ".."))
      problems.push({
        cluster: cluster.name,
        layer: "build",
        path: `bootstrapFiles["${path}"]`,
        message: 'is not a relative path inside bootstrap/ (no leading "/", no "." or ".." segments)',
      });
    else files.set(path, text);
  }
  return { files, problems };
}

/** The files core derives from the components and settings. */
function planCoreFiles(
  cluster: ClusterDefinition,
  components: readonly Component[],
): { files: Map<string, string>; problems: Problem[] } {
  const problems: Problem[] = [];
  const files = new Map<string, string>();
  const helm = bootstrapHelmFiles(cluster.name, components);
  for (const [file, text] of helm.files) files.set(file, text);
  problems.push(...helm.problems);
  const { settings } = cluster;
  if (settings.distribution !== "k3s" || (settings.nodes ?? []).length === 0) return { files, problems };
  for (const c of mergeServerRequirements(components).conflicts) {
    problems.push({
      cluster: cluster.name,
      layer: "policy",
      message: `components ${c.components.join(", ")} ask for different k3s "${c.key}" values`,
    });
  }
  if (!settings.k3sVersion)
    problems.push({
      cluster: cluster.name,
      layer: "build",
      message: "a k3s cluster with nodes needs settings.k3sVersion",
    });
  const names = new Set<string>();
  for (const n of settings.nodes ?? []) {
    if (names.has(n.name))
      problems.push({
        cluster: cluster.name,
        layer: "policy",
        message: `node name "${n.name}" appears twice in the inventory`,
      });
    names.add(n.name);
  }
  if (problems.length > 0) return { files, problems };
  const configs = k3sNodeConfigs(settings, components);
  for (const [node, config] of configs) files.set(`k3s/${node}.yaml`, toYamlDocument(config));
  files.set("ansible/inventory.yaml", ansibleInventory(settings, configs));
  try {
    const pool = burstPool(settings);
    if (pool) {
      // Burst nodes: the agent config beside the fixed nodes' ones, and their cloud-init without the
      // token (the encrypted bootstrap Secret holds the same content with it).
      files.set(`k3s/${pool.name}.yaml`, toYamlDocument(burstAgentConfig(pool)));
      files.set(`cloud-init/${pool.name}.yaml`, burstCloudConfig(pool, { token: "" }));
    }
  } catch (error) {
    problems.push({
      cluster: cluster.name,
      layer: "build",
      message: error instanceof Error ? error.message : String(error),
    });
  }
  return { files, problems };
}

/**
 * Checks the k3s join token's SOPS file: present, encrypted to the cluster's recipients, with key
 * "token", and its MAC intact when an age key of theirs is at hand (counted like the Secrets').
 */
export async function checkBootstrapSecret(
  cluster: ClusterDefinition,
  clusterDir: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ readonly problems: Problem[]; readonly macs: SecretMacCount }> {
  const problem = (message: string): Problem => ({
    cluster: cluster.name,
    layer: "secret",
    object: "Secret/k3s-token",
    message,
  });
  const text = await readFile(join(clusterDir, K3S_TOKEN_SECRET_PATH), "utf8").catch(() => undefined);
  const none = { verified: 0, unverified: 0 };
  if (text === undefined)
    return {
      problems: [problem(`missing encrypted file ${K3S_TOKEN_SECRET_PATH} with the k3s join token (key "token")`)],
      macs: none,
    };
  const inspection = inspectSopsYaml(text);
  if (!inspection.isSops)
    return { problems: [problem(`${K3S_TOKEN_SECRET_PATH} is not SOPS-encrypted`)], macs: none };
  const problems = inspection.problems.map((p) => problem(`${K3S_TOKEN_SECRET_PATH}: ${p}`));
  const want = [...cluster.settings.sopsAgeRecipients].sort().join(",");
  if ([...inspection.recipients].sort().join(",") !== want)
    problems.push(problem(`${K3S_TOKEN_SECRET_PATH} is not encrypted to exactly the cluster's recipients`));
  const doc = parse(text) as { stringData?: Record<string, unknown>; data?: Record<string, unknown> } | null;
  if (doc?.stringData?.token === undefined && doc?.data?.token === undefined)
    problems.push(problem(`${K3S_TOKEN_SECRET_PATH} lacks key "token"`));
  if (problems.length > 0) return { problems, macs: none };
  // Tampering shows only in the MAC: verify it whenever an age key of the recipients is at hand.
  const mac = await verifyFileMac(K3S_TOKEN_SECRET_PATH, text, inspection.recipients, env);
  return { problems: mac.problem ? [problem(mac.problem)] : [], macs: mac.macs };
}
