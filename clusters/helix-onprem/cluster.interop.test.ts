import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import cluster from "./cluster.js";

// Interop suite (`npm run test:interop`): ansible-inventory comes from ansible-core, not from npm.

const clusterDir = import.meta.dirname;

describe("cluster helix-onprem with Ansible", () => {
  it("installs 3 servers and 4 agents through the committed Ansible inventory", () => {
    const listed = JSON.parse(
      execFileSync(
        "ansible-inventory",
        ["-i", join(clusterDir, "bootstrap/ansible/inventory.yaml"), "--list"],
        { encoding: "utf8" },
      ),
    ) as {
      server: { hosts: string[] };
      agent: { hosts: string[] };
      _meta: { hostvars: Record<string, { k3s_version?: string }> };
    };
    expect(listed.server.hosts).toHaveLength(3);
    expect(listed.agent.hosts).toHaveLength(4);
    for (const host of [...listed.server.hosts, ...listed.agent.hosts]) {
      expect(listed._meta.hostvars[host]?.k3s_version).toBe(cluster.settings.k3sVersion);
    }
  });
});
