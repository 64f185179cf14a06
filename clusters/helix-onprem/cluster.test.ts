import { renderCluster } from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { clusterChecks } from "../../tools/cluster-checks.js";
import cluster from "./cluster.js";

const clusterDir = import.meta.dirname;

describe("cluster helix-onprem", () => {
  clusterChecks(cluster, clusterDir);

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
