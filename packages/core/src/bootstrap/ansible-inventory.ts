import type { ClusterSettings } from "../model/cluster-settings.js";
import { toYamlDocument } from "../render/yaml.js";
import { apiEndpoint, K3S_API_PORT, type K3sNodeConfig } from "./k3s-config.js";

/** Path of the k3s token's SOPS file inside the cluster folder. */
export const K3S_TOKEN_SECRET_PATH = "secrets/bootstrap/k3s-token.sops.yaml";

/**
 * An inventory for the k3s Ansible collection (k3s-io/k3s-ansible): groups `server` and `agent`
 * under `k3s_cluster`, each host with its address and its rendered k3s config; the join token is
 * decrypted from its SOPS file at run time by the community.sops lookup, never written here.
 */
export function ansibleInventory(
  settings: ClusterSettings,
  configs: ReadonlyMap<string, K3sNodeConfig>,
): string {
  const hosts = (role: "server" | "agent") =>
    Object.fromEntries(
      (settings.nodes ?? [])
        .filter((n) => n.role === role)
        .map((n) => [
          n.name,
          {
            ansible_host: n.address,
            [`${role}_config_yaml`]: toYamlDocument(configs.get(n.name) ?? {}).replace(/^---\n/, ""),
          },
        ]),
    );
  return toYamlDocument({
    k3s_cluster: {
      children: { server: { hosts: hosts("server") }, agent: { hosts: hosts("agent") } },
      vars: {
        ansible_user: settings.bootstrap?.sshUser ?? "ansible",
        ansible_port: settings.bootstrap?.sshPort ?? 22,
        k3s_version: settings.k3sVersion ?? "",
        api_endpoint: apiEndpoint(settings),
        api_port: K3S_API_PORT,
        token: `{{ lookup('community.sops.sops', inventory_dir + '/../../${K3S_TOKEN_SECRET_PATH}', extract='["stringData"]["token"]') }}`,
      },
    },
  });
}
