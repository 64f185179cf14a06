import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { assembleCluster, burstPool, renderCluster } from "@helix-cluster/core";
import { MESH_SIDECAR_RESOURCES } from "@helix-cluster/environments";
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

  describe("burst nodes on Linode", () => {
    const pool = burstPool(cluster.settings);
    if (!pool) throw new Error("the on-prem cluster bursts onto Linode (settings.autoscaling.burst)");
    const taint = { key: pool.taint.key, value: pool.taint.value, effect: pool.taint.effect };
    type Toleration = { key?: string; operator?: string; value?: string; effect?: string };
    /** Whether a toleration lets a pod onto a burst node. */
    const toleratesBurst = (t: Toleration): boolean =>
      (t.key === undefined && t.operator === "Exists") ||
      (t.key === taint.key &&
        (t.operator === "Exists" || t.value === taint.value) &&
        (t.effect ?? taint.effect) === taint.effect);
    /** Every `tolerations` list anywhere inside a value, with its path. */
    const tolerationsIn = (value: unknown, path = ""): [string, Toleration[]][] => {
      if (Array.isArray(value)) return value.flatMap((v, i) => tolerationsIn(v, `${path}/${i}`));
      if (value === null || typeof value !== "object") return [];
      return Object.entries(value).flatMap(([k, v]) =>
        k === "tolerations" && Array.isArray(v)
          ? [[`${path}/${k}`, v as Toleration[]] as [string, Toleration[]]]
          : tolerationsIn(v, `${path}/${k}`),
      );
    };
    /**
     * Charts whose values let DaemonSet pods onto every node, the burst nodes included: node agents
     * that hold no data of their own. Anything else tolerating the burst taint fails the test.
     */
    const NODE_AGENTS: Readonly<Record<string, string>> = {
      "alloy-logs": "/controller/tolerations", // the log collector DaemonSet
      falco: "/tolerations", // the runtime security DaemonSet
      velero: "/nodeAgent/tolerations", // the file-system backup DaemonSet
    };

    it("join as tainted agents only, with the agent config core renders for every k3s node", async () => {
      const { bootstrapFiles } = await renderCluster(cluster, { clusterDir, write: false });
      const config = parse(bootstrapFiles.get(`k3s/${pool.name}.yaml`) ?? "") as Record<string, unknown>;
      const agent = parse(bootstrapFiles.get("k3s/k3s-agent-1.yaml") ?? "") as Record<string, unknown>;
      expect(config.server).toBe(`https://${pool.apiEndpoint}:6443`);
      expect(agent.server).toBe("https://10.40.0.11:6443");
      expect(config["node-taint"]).toEqual([`${taint.key}=${taint.value}:${taint.effect}`]);
      for (const serverKey of ["cluster-init", "disable", "tls-san", "etcd-snapshot-schedule-cron"])
        expect(Object.keys(config)).not.toContain(serverKey);
      expect(bootstrapFiles.get(`cloud-init/${pool.name}.yaml`)).toContain(`INSTALL_K3S_EXEC=agent`);
    });

    it("never run stateful or control-plane pods: only node-agent DaemonSets tolerate their taint", async () => {
      const { files } = await renderCluster(cluster, { clusterDir, write: false });
      const found: string[] = [];
      for (const [file, text] of files) {
        if (!file.endsWith(".yaml") || file.endsWith(".sops.yaml")) continue;
        const o = parse(text) as { kind?: string; metadata?: { name?: string }; spec?: { values?: unknown } };
        if (o.kind === "DaemonSet") continue;
        const where = o.kind === "HelmRelease" ? o.spec?.values : o;
        for (const [path, list] of tolerationsIn(where))
          if (list.some(toleratesBurst)) found.push(`${o.kind}/${o.metadata?.name}${path}`);
      }
      expect(found.sort()).toEqual(
        Object.entries(NODE_AGENTS)
          .map(([release, path]) => `HelmRelease/${release}${path}`)
          .sort(),
      );
    });

    it("are what cluster-autoscaler expects: the pool's taint and labels, between zero and the most the cost caps allow", async () => {
      const { files } = await renderCluster(cluster, { clusterDir, write: false });
      const md = parse(
        files.get(`kube-system/linode-burst-nodes/machinedeployment-${pool.name}.yaml`) ?? "",
      ) as {
        metadata: { annotations: Record<string, string> };
        spec: { replicas?: number };
      };
      expect(md.metadata.annotations["capacity.cluster-autoscaler.kubernetes.io/taints"]).toBe(
        `${taint.key}=${taint.value}:${taint.effect}`,
      );
      expect(md.metadata.annotations["cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size"]).toBe(
        String(pool.maxNodes),
      );
      expect(pool.maxNodes * pool.instance.hourlyPrice).toBeLessThanOrEqual(
        cluster.settings.autoscaling.burst.maxHourlyCost,
      );
      expect(md.spec.replicas).toBeUndefined();
    });

    it("boot from an encrypted Secret: the Linode token and the cloud-init never appear in plain text", async () => {
      for (const name of ["linode-api-token", "linode-burst-bootstrap"]) {
        const text = await readFile(join(clusterDir, `secrets/kube-system/${name}.sops.yaml`), "utf8");
        const doc = parse(text) as { stringData: Record<string, string> };
        for (const value of Object.values(doc.stringData)) expect(value, name).toMatch(/^ENC\[AES256_GCM,/);
      }
    });
  });

  it("autoscales only Deployments, each from two replicas so one survives a node loss", () => {
    const scaled = assembleCluster(cluster).components.flatMap((c) => c.autoscaling?.pods ?? []);
    expect(scaled.length).toBeGreaterThan(10);
    for (const p of scaled) {
      expect(p.target, p.target).toMatch(/^Deployment\//);
      expect(p.minReplicas, p.target).toBeGreaterThanOrEqual(2);
      expect(p.maxReplicas, p.target).toBeGreaterThan(p.minReplicas);
    }
  });

  it("counts the environments' quota room with the sidecar istiod injects", async () => {
    const { files } = await renderCluster(cluster, { clusterDir, write: false });
    const istiod = parse(files.get("istio-system/istiod/helmrelease.yaml") ?? "") as {
      spec: { values: { global: { proxy: { resources: unknown } } } };
    };
    expect(istiod.spec.values.global.proxy.resources).toEqual({
      requests: { cpu: MESH_SIDECAR_RESOURCES.cpu, memory: MESH_SIDECAR_RESOURCES.memory },
      limits: { memory: MESH_SIDECAR_RESOURCES.memoryLimit },
    });
  });
});
