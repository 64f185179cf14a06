import { Ingress } from "kubernetes-models/networking.k8s.io/v1/Ingress";
import { describe, expect, it } from "vitest";
import { helmComponent } from "../builders/helm.js";
import { clusterIssuer, ingressClass, PROMETHEUS_API, serviceEndpoint } from "../model/contracts.js";
import { assembleCluster } from "../render/assemble.js";
import { formatProblem } from "../validate/problem.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { cluster, configMap, contextPackage, service, settings } from "./synthetic.js";

const validate = async (...packages: Parameters<typeof cluster>) =>
  (await validateCluster(assembleCluster(cluster(...packages)), settings, "/nonexistent")).problems.map(
    formatProblem,
  );

/** An ingress controller serving `className`; its chart creates the IngressClass. */
const network = (className: string) =>
  contextPackage("@test/network", "network", () => [
    { name: "ingress-controller", namespace: "network", objects: [], provides: [ingressClass(className)] },
  ]);

/** An app with an Ingress of the class "internal", and a chart whose values name it too. */
const web = contextPackage("@test/web", "web", () => [
  {
    name: "web",
    namespace: "web",
    objects: [
      new Ingress({
        metadata: { name: "web", annotations: { "cert-manager.io/cluster-issuer": "letsencrypt" } },
        spec: { ingressClassName: "internal", rules: [{ host: "web.example.org" }] },
      }),
    ],
  },
  helmComponent<{ ingress: { enabled: boolean; className: string } }>({
    name: "dashboard",
    namespace: "web",
    chart: { oci: "oci://registry.example.org/charts/dashboard", version: "1.0.0" },
    values: { ingress: { enabled: true, className: "internal" } },
  }),
]);

/** cert-manager's stand-in: provides the ClusterIssuer "letsencrypt". */
const issuers = contextPackage("@test/issuers", "issuers", () => [
  { name: "issuers", namespace: "issuers", objects: [], provides: [clusterIssuer("letsencrypt")] },
]);

/** A metrics API provider whose endpoint points at a rendered Service or a chart's. */
const metrics = (opts: { rendered?: number; chart?: boolean }) =>
  contextPackage("@test/metrics", "metrics", () => [
    {
      name: "prometheus",
      namespace: "metrics",
      objects: opts.rendered ? [service("prometheus", opts.rendered)] : [],
      ...(opts.chart ? { chartServices: ["prometheus"] } : {}),
      provides: [
        serviceEndpoint(PROMETHEUS_API, {
          namespace: "metrics",
          service: "prometheus",
          port: 9090,
          scheme: "http",
        }),
      ],
    },
  ]);

/** A consumer taking the one Prometheus API the cluster provides, or none. */
const dashboards = contextPackage("@test/dashboards", "dashboards", (context) => {
  const [prometheus] = context.provided(PROMETHEUS_API);
  return [
    {
      name: "dashboards",
      namespace: "dashboards",
      objects: [configMap("datasource", prometheus ? context.url(prometheus) : "none")],
      uses: prometheus ? [prometheus] : [],
    },
  ];
});

describe("ingress classes and issuers", () => {
  it("given the class and the issuer provided, when validated, then the Ingress and the chart values resolve", async () => {
    expect(await validate(network("internal"), issuers, web)).toEqual([]);
  });

  it("given the ingress class renamed by its provider, when validated, then every user of the old name fails", async () => {
    const problems = await validate(network("private"), issuers, web);
    expect(problems).toEqual([
      expect.stringMatching(
        /^compose › @test\/web › dashboard › HelmRelease\/web\/dashboard › \/spec\/values\/ingress\/className: refers to networking.k8s.io\/IngressClass internal, which is not in this cluster: no component provides that ingress class/,
      ),
      expect.stringMatching(
        /^compose › @test\/web › web › Ingress\/web\/web › \/spec\/ingressClassName: refers to networking.k8s.io\/IngressClass internal/,
      ),
    ]);
  });

  it("given no issuer of that name, when validated, then the annotation naming it fails", async () => {
    const problems = await validate(network("internal"), web);
    expect(problems).toEqual([
      expect.stringContaining(
        "Ingress/web/web › /metadata/annotations/cert-manager.io~1cluster-issuer: refers to cert-manager.io/ClusterIssuer letsencrypt, which is not in this cluster",
      ),
    ]);
  });
});

describe("typed handles", () => {
  it("given a provider, when a consumer reads the context, then it gets the handle, its URL and waits for the provider", async () => {
    const assembled = assembleCluster(cluster(dashboards, metrics({ rendered: 9090 })));
    const cm = assembled.objects.find((o) => o.id === "ConfigMap/dashboards/datasource");
    expect(cm?.object.data).toEqual({ value: "http://prometheus.metrics.svc.cluster.local:9090" });
    const ks = assembled.objects.find((o) => o.id === "Kustomization/flux-system/dashboards");
    expect(ks?.object.spec).toMatchObject({ dependsOn: [{ name: "prometheus" }] });
    expect((await validateCluster(assembled, settings, "/nonexistent")).problems).toEqual([]);
  });

  it("given the Service comes from the provider's chart, when declared in chartServices, then the endpoint resolves", async () => {
    expect(await validate(dashboards, metrics({ chart: true }))).toEqual([]);
  });

  it("given an endpoint whose Service is neither rendered nor declared, or lacks the port, when validated, then the provider fails", async () => {
    expect(await validate(metrics({}))).toEqual([
      expect.stringContaining(
        "compose › @test/metrics › prometheus: provides prometheus-api metrics/prometheus:9090, but no Service metrics/prometheus is rendered",
      ),
    ]);
    expect(await validate(metrics({ rendered: 8080 }))).toEqual([
      expect.stringContaining("has no port 9090 (ports: 8080)"),
    ]);
  });

  it("given a handle wired by hand that no component provides, when validated, then the consumer fails naming the contract", async () => {
    const wired = contextPackage("@test/wired", "wired", () => [
      {
        name: "wired",
        namespace: "wired",
        objects: [],
        uses: [
          serviceEndpoint(PROMETHEUS_API, {
            namespace: "metrics",
            service: "prom",
            port: 9090,
            scheme: "http",
          }),
        ],
      },
    ]);
    expect(await validate(wired, metrics({ rendered: 9090 }))).toEqual([
      expect.stringContaining(
        "compose › @test/wired › wired: uses prometheus-api metrics/prom:9090, which no component of this cluster provides",
      ),
    ]);
  });

  it("given two components providing one handle, when validated, then the second is a problem", async () => {
    const twice = contextPackage("@test/twice", "twice", () => [
      { name: "c1", namespace: "twice", objects: [], provides: [ingressClass("shared")] },
      { name: "c2", namespace: "twice", objects: [], provides: [ingressClass("shared")] },
    ]);
    expect(await validate(twice)).toEqual([
      expect.stringContaining('c2: provides ingress-class "shared", already provided by component "c1"'),
    ]);
  });
});
