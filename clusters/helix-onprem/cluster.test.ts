import { execFileSync } from "node:child_process";
import { mkdtemp, readdir, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { renderCluster } from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import cluster from "./cluster.js";

const clusterDir = import.meta.dirname;

async function treeOf(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      out.set(full.slice(dir.length + 1), await readFile(full, "utf8"));
    }
  }
  return out;
}

describe("cluster helix-onprem", () => {
  it("renders and validates, byte-identical on every run", async () => {
    const first = await renderCluster(cluster, { clusterDir, write: false });
    const second = await renderCluster(cluster, { clusterDir, write: false });
    expect(first.objects).toBeGreaterThan(10);
    expect([...second.files]).toEqual([...first.files]);
  });

  it("has committed rendered and bootstrap output equal to a fresh render (run `npm run render` if this fails)", async () => {
    const fresh = await renderCluster(cluster, { clusterDir, write: false });
    for (const [dir, files] of [
      ["rendered", fresh.files],
      ["bootstrap", fresh.bootstrapFiles],
    ] as const) {
      const committed = await treeOf(join(clusterDir, dir));
      expect([...committed.keys()].sort(), dir).toEqual([...files.keys()].sort());
      for (const [path, content] of files) expect(committed.get(path), `${dir}/${path}`).toBe(content);
    }
  });

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

  it("builds every rendered folder with kubectl kustomize", async () => {
    const outDir = await mkdtemp(join(tmpdir(), "helix-onprem-"));
    const report = await renderCluster(cluster, { clusterDir, outDir });
    const folders = [...report.files.keys()]
      .filter((f) => f.endsWith("kustomization.yaml"))
      .map((f) => f.slice(0, -"kustomization.yaml".length) || ".");
    expect(folders.length).toBeGreaterThan(3);
    for (const folder of folders) {
      const built = execFileSync("kubectl", ["kustomize", join(outDir, folder)], { encoding: "utf8" });
      expect(built.length, folder).toBeGreaterThan(0);
    }
  });

  it("applies cert-manager before its issuers, which solve DNS-01 with the SOPS-encrypted Cloudflare token", async () => {
    const { files } = await renderCluster(cluster, { clusterDir, write: false });
    const ks = parse(files.get("cert-manager/cert-manager-issuers/ks.yaml") ?? "");
    expect(ks.spec.dependsOn).toEqual([{ name: "cert-manager" }]);
    expect(ks.spec.decryption).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });
    const prod = parse(
      files.get("cert-manager/cert-manager-issuers/clusterissuer-letsencrypt-production.yaml") ?? "",
    );
    expect(prod.spec.acme.server).toBe("https://acme-v02.api.letsencrypt.org/directory");
    expect(prod.spec.acme.solvers[0].dns01.cloudflare.apiTokenSecretRef).toEqual({
      name: "cloudflare-api-token",
      key: "api-token",
    });
    expect(files.get("cert-manager/cert-manager-issuers/secret-cloudflare-api-token.sops.yaml")).toMatch(
      /api-token: ENC\[AES256_GCM,/,
    );
    const wildcard = parse(
      files.get("cert-manager/cert-manager-issuers/certificate-wildcard-helix-ai-net.yaml") ?? "",
    );
    expect(wildcard.spec.dnsNames).toEqual(["helix-ai.net", "*.helix-ai.net"]);
  });
});
