import { execFileSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ansibleInventory } from "./ansible-inventory.js";
import { k3sNodeConfigs } from "./k3s-config.js";
import { components, settings } from "./test-support/cluster-fixture.js";

// Interop suite (`npm run test:interop`): ansible-inventory comes from ansible-core, not from npm.

describe("Ansible inventory for the k3s collection", () => {
  it("is read by the real ansible-inventory: 3 servers, 4 agents, with their vars", async () => {
    const dir = await mkdtemp(join(tmpdir(), "helix-inventory-"));
    const file = join(dir, "inventory.yaml");
    await writeFile(file, ansibleInventory(settings, k3sNodeConfigs(settings, components)));
    const output = execFileSync("ansible-inventory", ["-i", file, "--list"], {
      encoding: "utf8",
      env: { ...process.env, ANSIBLE_NOCOLOR: "1" },
    });
    await rm(dir, { recursive: true, force: true });
    const listed = JSON.parse(output) as {
      server: { hosts: string[] };
      agent: { hosts: string[] };
      _meta: { hostvars: Record<string, Record<string, unknown>> };
    };
    expect(listed.server.hosts).toEqual(["s1", "s2", "s3"]);
    expect(listed.agent.hosts).toEqual(["a1", "a2", "a3", "a4"]);
    const s1 = listed._meta.hostvars.s1 ?? {};
    expect(s1).toMatchObject({
      ansible_host: "10.0.0.1",
      ansible_user: "ops",
      k3s_version: "v1.36.3+k3s1",
      api_endpoint: "api.example.test",
    });
    expect(String(s1.server_config_yaml)).toContain("cluster-init: true");
    expect(String(s1.token)).toContain("community.sops.sops");
    expect(String(listed._meta.hostvars.a1?.agent_config_yaml)).toContain(
      "node-taint:\n  - gpu=true:NoSchedule",
    );
  });
});
