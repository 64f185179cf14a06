import type { ClusterSettings } from "@helix-cluster/core";
import {
  assembleCluster,
  buildContextOf,
  defineCluster,
  renderCluster,
  toPlain,
  validateCluster,
} from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import {
  CERT_MANAGER_CRDS,
  certManager,
  certManagerChart,
  certManagerIssuers,
  wildcardCertificate,
} from "./index.js";

const fail = (message: string): never => {
  throw new Error(message);
};

const settings: ClusterSettings = {
  domain: "example.org",
  distribution: "k3s",
  acmeEmail: "ops@example.org",
  git: { url: "https://git.example.org/platform.git" },
  sopsAgeRecipients: [],
};

describe("cert-manager package", () => {
  it("builds one namespace with the chart first and the issuers depending on it", () => {
    const [ns] = certManager().build(settings, buildContextOf("test", settings));
    expect(ns?.name).toBe("cert-manager");
    expect(ns?.components.map((c) => c.name)).toEqual(["cert-manager", "cert-manager-issuers"]);
    expect(ns?.components[0]?.installsCrds).toEqual(CERT_MANAGER_CRDS);
    const cluster = defineCluster({ name: "t", settings, namespaces: [certManager()] });
    const ks = assembleCluster(cluster).objects.find(
      (o) => o.id === "Kustomization/flux-system/cert-manager-issuers",
    );
    expect((ks?.object.spec as { dependsOn?: unknown } | undefined)?.dependsOn).toEqual([
      { name: "cert-manager" },
    ]);
  });

  it("solves DNS-01 for the cluster domain by default, or for the zones given", () => {
    const zonesOf = (c: ReturnType<typeof certManagerIssuers>) =>
      c.objects
        .filter((o) => o.kind === "ClusterIssuer")
        .flatMap((o) => {
          const acme = (toPlain(o).spec as { acme?: { solvers: { selector: { dnsZones: string[] } }[] } })
            .acme;
          return acme ? acme.solvers.map((s) => s.selector.dnsZones) : [];
        });
    expect(zonesOf(certManagerIssuers(settings, {}))).toEqual([["example.org"], ["example.org"]]);
    expect(zonesOf(certManagerIssuers(settings, { dnsZones: ["a.example", "b.example"] }))).toEqual([
      ["a.example", "b.example"],
      ["a.example", "b.example"],
    ]);
  });

  it("issues the wildcard for the apex and every subdomain, from production unless told otherwise", () => {
    const cert = toPlain(
      wildcardCertificate(settings, {
        wildcardIssuer: "letsencrypt-staging",
        wildcardNamespace: "istio-ingress",
      }),
    );
    expect(cert.metadata).toEqual({ name: "wildcard-example-org", namespace: "istio-ingress" });
    expect(cert.spec).toMatchObject({
      secretName: "wildcard-example-org-tls",
      dnsNames: ["example.org", "*.example.org"],
      issuerRef: { kind: "ClusterIssuer", name: "letsencrypt-staging" },
    });
    expect(toPlain(wildcardCertificate(settings, {})).spec).toMatchObject({
      issuerRef: { name: "letsencrypt-production" },
    });
  });

  it("asks for a PodDisruptionBudget only when there are replicas to spare", () => {
    const budgets = (replicas: number) => {
      const release = certManagerChart(settings, { replicas })
        .objects.map((o) => toPlain(o) as Record<string, unknown>)
        .find((o) => o.kind === "HelmRelease");
      const values = ((release ?? {}).spec as { values: Record<string, { podDisruptionBudget?: unknown }> })
        .values;
      return [values, values.webhook, values.cainjector].map((v) => v?.podDisruptionBudget);
    };
    expect(budgets(2)).toEqual(Array(3).fill({ enabled: true, minAvailable: 1 }));
    // minAvailable is read only for an enabled budget: a single replica sets none.
    expect(budgets(1)).toEqual(Array(3).fill({ enabled: false }));
  });

  it("has the chart create a ServiceMonitor, so the certificate expiry alerts have metrics to read", () => {
    const prometheusValues = (c: ReturnType<typeof certManagerChart>) => {
      const release = c.objects.find((o) => o.kind === "HelmRelease") ?? fail("no HelmRelease");
      return (toPlain(release).spec as { values: { prometheus: unknown } }).values.prometheus;
    };
    // Given the default options, when the chart component is built
    const chart = certManagerChart(settings, {});
    // Then the metrics are scraped through the Prometheus Operator, whose CRD the release waits for
    expect(prometheusValues(chart)).toEqual({ enabled: true, servicemonitor: { enabled: true } });
    expect(chart.usesCrds).toEqual(["monitoring.coreos.com/ServiceMonitor"]);
    // And a cluster without monitoring turns it off and needs no other package
    const without = certManagerChart(settings, { serviceMonitors: false });
    expect(prometheusValues(without)).toEqual({ enabled: true, servicemonitor: { enabled: false } });
    expect(without.usesCrds).toEqual([]);
  });

  it("validates cleanly apart from the Cloudflare token file a cluster must provide", async () => {
    const cluster = defineCluster({
      name: "t",
      settings,
      namespaces: [certManager({ serviceMonitors: false })],
    });
    const { problems } = await validateCluster(assembleCluster(cluster), settings, "/nonexistent");
    expect(problems.map((p) => `${p.layer} ${p.object}`)).toEqual([
      "secret Secret/cert-manager/cloudflare-api-token",
    ]);
    await expect(renderCluster(cluster, { clusterDir: "/nonexistent", write: false })).rejects.toThrow(
      /missing encrypted file secrets\/cert-manager\/cloudflare-api-token.sops.yaml/,
    );
  });
});
