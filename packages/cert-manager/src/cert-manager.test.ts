import {
  assembleCluster,
  defineCluster,
  SERVICE_MONITOR,
  toPlain,
  validateCluster,
} from "@helix-cluster/core";
import { buildContextOf, crdStandIn, expectValidates, neutralSettings } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  CERT_MANAGER_CRDS,
  certManager,
  certManagerChart,
  certManagerIssuers,
  certManagerValuesSchema,
  dns01Secrets,
  dns01Spec,
  wildcardCertificate,
} from "./index.js";

const fail = (message: string): never => {
  throw new Error(message);
};

const settings = neutralSettings("age1example");
const context = buildContextOf("test", settings);
const cloudflare = { cloudflare: {} } as const;

const releaseValues = (c: ReturnType<typeof certManagerChart>): Record<string, unknown> => {
  const release = c.objects.find((o) => o.kind === "HelmRelease") ?? fail("no HelmRelease");
  return (toPlain(release).spec as { values: Record<string, unknown> }).values;
};

const prometheusStandIn = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: [SERVICE_MONITOR],
});

describe("cert-manager package", () => {
  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [certManager()] });
    // Then it renders the internal CA only: no DNS provider was chosen, so no secret is needed
    expect(report.files.has("cert-manager/cert-manager-issuers/clusterissuer-internal-ca.yaml")).toBe(true);
    expect([...report.files.keys()].filter((f) => f.includes("letsencrypt"))).toEqual([]);
    expect([...report.files.keys()].filter((f) => f.includes("servicemonitor"))).toEqual([]);
  });

  it("given a Cloudflare solver, when rendered alone, then it validates with the token secret it declares", async () => {
    const report = await expectValidates({ namespaces: [certManager({ dns01: cloudflare })] });
    const issuer = [...report.files].find(([f]) => f.endsWith("clusterissuer-letsencrypt-production.yaml"));
    expect(issuer?.[1]).toContain("apiTokenSecretRef:\n");
  });

  it("builds one namespace with the chart first and the issuers depending on it", () => {
    const [ns] = certManager().build(settings, context);
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

  it("provides every ClusterIssuer it renders as a typed handle", () => {
    // Given no solver, then only the internal CA's issuers
    expect(
      certManagerIssuers(settings, {}).provides?.map((h) => h.kind === "cluster-issuer" && h.name),
    ).toEqual(["selfsigned", "internal-ca"]);
    // Given a solver, then the Let's Encrypt issuers too
    expect(
      certManagerIssuers(settings, { dns01: cloudflare }).provides?.map(
        (h) => h.kind === "cluster-issuer" && h.name,
      ),
    ).toEqual(["letsencrypt-staging", "letsencrypt-production", "selfsigned", "internal-ca"]);
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
    expect(zonesOf(certManagerIssuers(settings, { dns01: cloudflare }))).toEqual([
      ["example.org"],
      ["example.org"],
    ]);
    expect(
      zonesOf(certManagerIssuers(settings, { dns01: cloudflare, dnsZones: ["a.example", "b.example"] })),
    ).toEqual([
      ["a.example", "b.example"],
      ["a.example", "b.example"],
    ]);
  });

  it("expresses Cloudflare and Route53 solvers with the secrets they read", () => {
    // Given Cloudflare with defaults, then the token secret and key of the defaults
    expect(dns01Spec(cloudflare)).toEqual({
      cloudflare: { apiTokenSecretRef: { name: "cloudflare-api-token", key: "api-token" } },
    });
    expect(dns01Secrets({ cloudflare: { apiTokenSecret: "dns", apiTokenKey: "token" } })).toEqual([
      { name: "dns", keys: ["token"] },
    ]);
    // Given Route53 with ambient credentials, then no secret
    expect(dns01Spec({ route53: { region: "eu-west-1", hostedZoneId: "Z1" } })).toEqual({
      route53: { region: "eu-west-1", hostedZoneID: "Z1" },
    });
    expect(dns01Secrets({ route53: { region: "eu-west-1" } })).toEqual([]);
    // Given Route53 with static keys, then both keys from the one secret
    const keyed = { route53: { region: "eu-west-1", accessKeySecret: "route53-keys" } };
    expect(dns01Spec(keyed)).toEqual({
      route53: {
        region: "eu-west-1",
        accessKeyIDSecretRef: { name: "route53-keys", key: "access-key-id" },
        secretAccessKeySecretRef: { name: "route53-keys", key: "secret-access-key" },
      },
    });
    expect(dns01Secrets(keyed)).toEqual([
      { name: "route53-keys", keys: ["access-key-id", "secret-access-key"] },
    ]);
  });

  it("given a Route53 solver with static keys, when rendered alone, then it validates", async () => {
    const report = await expectValidates({
      namespaces: [
        certManager({ dns01: { route53: { region: "eu-west-1", accessKeySecret: "route53-keys" } } }),
      ],
    });
    expect(report.files.has("cert-manager/cert-manager-issuers/secret-route53-keys.sops.yaml")).toBe(true);
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
      const values = releaseValues(certManagerChart(settings, { replicas }, context)) as Record<
        string,
        { podDisruptionBudget?: unknown }
      >;
      return [values, values.webhook, values.cainjector].map((v) => v?.podDisruptionBudget);
    };
    expect(budgets(2)).toEqual(Array(3).fill({ enabled: true, minAvailable: 1 }));
    // minAvailable is read only for an enabled budget: a single replica sets none.
    expect(budgets(1)).toEqual(Array(3).fill({ enabled: false }));
  });

  it("leaves the DNS-01 check resolvers to the chart unless given", () => {
    // Given no resolvers, then the chart's own
    const neutral = releaseValues(certManagerChart(settings, {}, context));
    expect(neutral.dns01RecursiveNameservers).toBeUndefined();
    expect(neutral.dns01RecursiveNameserversOnly).toBeUndefined();
    // Given resolvers, then only those
    const given = releaseValues(
      certManagerChart(settings, { dns01RecursiveNameservers: ["1.1.1.1:53", "1.0.0.1:53"] }, context),
    );
    expect(given.dns01RecursiveNameservers).toBe("1.1.1.1:53,1.0.0.1:53");
    expect(given.dns01RecursiveNameserversOnly).toBe(true);
  });

  it("turns the ServiceMonitor on when the cluster installs its CRD, so the expiry alerts have metrics", () => {
    const withCrd = buildContextOf("test", settings, {
      types: [SERVICE_MONITOR],
      namespaces: [],
      handles: [],
    });
    // Given the CRD, when built with "auto", then the chart creates it and the release waits for the CRD
    const on = certManagerChart(settings, {}, withCrd);
    expect(releaseValues(on).prometheus).toEqual({ enabled: true, servicemonitor: { enabled: true } });
    expect(on.usesCrds).toEqual([SERVICE_MONITOR]);
    expect(on.integrations?.map((i) => [i.name, i.enabled])).toEqual([["monitoring", true]]);
    // Given no CRD, then it is off and needs nothing
    const off = certManagerChart(settings, {}, context);
    expect(releaseValues(off).prometheus).toEqual({ enabled: true, servicemonitor: { enabled: false } });
    expect(off.usesCrds).toEqual([]);
    // Given the CRD but monitoring: false, then off
    expect(certManagerChart(settings, { monitoring: false }, withCrd).usesCrds).toEqual([]);
  });

  it("given a stand-in installing the ServiceMonitor CRD, when rendered, then it validates with the ServiceMonitor on", async () => {
    const report = await expectValidates({ namespaces: [certManager(), prometheusStandIn] });
    const release = report.files.get("cert-manager/cert-manager/helmrelease.yaml") ?? "";
    expect(release).toContain("servicemonitor:\n        enabled: true");
  });

  it("given monitoring: true without the CRD, then validation fails with one line naming what to add", async () => {
    await expect(expectValidates({ namespaces: [certManager({ monitoring: true })] })).rejects.toThrow(
      /monitoring integration is on but no component installs monitoring.coreos.com\/ServiceMonitor: add @helix-cluster\/monitoring or set monitoring: false/,
    );
  });

  it("given a cluster patch that misspells a chart value, when validated, then the schema of exactly the pinned chart version names the key", async () => {
    // Given: the escape hatch sets a key cert-manager v1.21.1 does not have
    const cluster = defineCluster({
      name: "t",
      settings,
      namespaces: [certManager({ dns01: cloudflare })],
      patches: [
        {
          component: "cert-manager",
          target: { kind: "HelmRelease", name: "cert-manager" },
          merge: { spec: { values: { crds: { kep: true } } } },
        },
      ],
    });
    // When
    const { problems } = await validateCluster(assembleCluster(cluster), settings, "/nonexistent");
    // Then
    expect(certManagerValuesSchema).toMatchObject({ chart: "cert-manager", version: "v1.21.1" });
    expect(problems).toContainEqual(
      expect.objectContaining({
        layer: "values",
        path: "/spec/values/crds/kep",
        object: "HelmRelease/cert-manager/cert-manager",
      }),
    );
  });
});
