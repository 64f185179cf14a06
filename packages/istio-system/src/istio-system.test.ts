import {
  type AssembledCluster,
  assembleCluster,
  buildContextOf,
  type ClusterSettings,
  clusterIssuer,
  defineCluster,
  helmComponent,
  type NamespacePackage,
  OTLP_GRPC,
  type PlacedObject,
  serviceEndpoint,
} from "@helix-cluster/core";
import {
  crdStandIn,
  expectValidates,
  neutralSettings,
  resourceMetricsStandIn,
} from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  INGRESS_GATEWAY_SELECTOR,
  INJECTED_PROXY_IMAGE,
  ISTIO_CRDS,
  ISTIO_VERSION,
  istioChart,
  istioGatewayValuesSchema,
  istioSystem,
  PUBLIC_GATEWAY,
} from "./index.js";

const settings: ClusterSettings = neutralSettings("age1example");

/**
 * Stand-in for the cert-manager package (packages never import each other): the component
 * installing the cert-manager CRDs and providing the production ClusterIssuer the certificate names.
 */
const certManagerStandIn = (issuer = "letsencrypt-production"): NamespacePackage =>
  crdStandIn({
    namespace: "cert-manager",
    component: "cert-manager",
    installsCrds: ["cert-manager.io/Certificate", "cert-manager.io/ClusterIssuer", "cert-manager.io/Issuer"],
    provides: [clusterIssuer(issuer)],
  });

/** Stand-in for the monitoring package's OTLP collector. */
const otlpStandIn = crdStandIn({
  namespace: "monitoring",
  component: "alloy",
  provides: [
    serviceEndpoint(OTLP_GRPC, {
      namespace: "monitoring",
      service: "alloy-otlp",
      port: 4317,
      scheme: "http",
    }),
  ],
});

type Spec = Record<string, unknown> & { dependsOn?: { name: string }[]; values?: Record<string, unknown> };
const spec = (o: PlacedObject | undefined): Spec => (o?.object.spec ?? {}) as Spec;
const find = (a: AssembledCluster, id: string): PlacedObject | undefined =>
  a.objects.find((o) => o.id === id);
const ofType = (a: AssembledCluster, type: string): PlacedObject[] =>
  a.objects.filter((o) => o.type === type);
const dependsOn = (a: AssembledCluster, component: string): string[] =>
  (spec(find(a, `Kustomization/flux-system/${component}`)).dependsOn ?? []).map((d) => d.name);
/** Every component Flux applies before this one (dependsOn, followed transitively). */
function waitsFor(a: AssembledCluster, component: string): string[] {
  const seen = new Set<string>();
  const visit = (c: string): void => {
    for (const d of dependsOn(a, c)) {
      if (seen.has(d)) continue;
      seen.add(d);
      visit(d);
    }
  };
  visit(component);
  return [...seen].sort();
}

/** The package with stand-ins for everything it integrates with (certificates, tracing, resource metrics). */
function build(pkg = istioSystem(), s: ClusterSettings = settings): AssembledCluster {
  return assembleCluster(
    defineCluster({
      name: "example",
      settings: s,
      namespaces: [pkg, certManagerStandIn(), otlpStandIn, resourceMetricsStandIn()],
    }),
  );
}

/** The package alone, only with the resource metrics every HPA needs. */
const alone = (pkg = istioSystem()): AssembledCluster =>
  assembleCluster(defineCluster({ name: "example", settings, namespaces: [pkg, resourceMetricsStandIn()] }));

const meshConfigOf = (a: AssembledCluster): Record<string, unknown> =>
  (spec(find(a, "HelmRelease/istio-system/istiod")).values as { meshConfig: Record<string, unknown> })
    .meshConfig;

describe("istio-system package", () => {
  it("given the package, when built, then it declares the control plane and the gateway namespaces", () => {
    const [system, ingress] = istioSystem().build(settings, buildContextOf("test", settings));
    expect(system?.name).toBe("istio-system");
    expect(system?.components.map((c) => c.name)).toEqual([
      "istio-base",
      "istio-cni",
      "istiod",
      "istio-mesh-policy",
    ]);
    expect(system?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    expect(ingress?.name).toBe("istio-ingress");
    expect(ingress?.components.map((c) => c.name)).toEqual(["istio-ingressgateway", "istio-public-gateway"]);
    expect(ingress?.components.every((c) => c.namespace === "istio-ingress")).toBe(true);
    expect(system?.components[0]?.installsCrds).toEqual(ISTIO_CRDS);
  });

  it("given the charts, when assembled, then istiod waits for base and the gateway waits for istiod", () => {
    const a = build();
    expect(dependsOn(a, "istiod")).toEqual(["istio-base"]);
    expect(dependsOn(a, "istio-ingressgateway")).toEqual(["istiod"]);
    expect(waitsFor(a, "istio-ingressgateway")).toEqual(["istio-base", "istiod"]);
    expect(dependsOn(a, "istio-base")).toEqual([]);
    for (const chart of ["base", "cni", "istiod", "gateway"]) {
      const release =
        chart === "gateway" ? "istio-ingressgateway" : chart === "istiod" ? "istiod" : `istio-${chart}`;
      const ns = chart === "gateway" ? "istio-ingress" : "istio-system";
      expect(spec(find(a, `OCIRepository/${ns}/${release}`)), release).toMatchObject({
        url: `oci://registry.istio.io/release/charts/${chart}`,
        ref: { tag: ISTIO_VERSION },
      });
    }
    const cniOff = build(istioSystem({ cni: false }));
    expect(find(cniOff, "HelmRelease/istio-system/istio-cni")).toBeUndefined();
    expect(dependsOn(cniOff, "istiod")).toEqual(["istio-base"]);
    expect(spec(find(cniOff, "HelmRelease/istio-system/istiod")).values).toMatchObject({
      cni: { enabled: false },
    });
  });

  it("given the mesh policy, when assembled, then mTLS is STRICT for the whole mesh, after istiod", () => {
    const a = build();
    const policies = ofType(a, "security.istio.io/PeerAuthentication");
    expect(policies.map((p) => p.id)).toEqual(["PeerAuthentication/istio-system/default"]);
    // Root namespace (where istiod runs), no selector: it applies to every workload of the mesh.
    const root = (
      spec(find(a, "HelmRelease/istio-system/istiod")).values as { global: { istioNamespace: string } }
    ).global.istioNamespace;
    expect(policies[0]?.object.metadata).toMatchObject({ name: "default", namespace: root });
    expect(spec(policies[0])).toEqual({ mtls: { mode: "STRICT" } });
    expect(waitsFor(a, "istio-mesh-policy")).toEqual(["istio-base", "istiod"]);
  });

  it("given the public gateway, when assembled, then it serves the certificate cert-manager issues for its hosts", () => {
    const a = build();
    const gateway = find(a, "Gateway/istio-ingress/public");
    const [certificate] = ofType(a, "cert-manager.io/Certificate");
    const cert = spec(certificate) as { secretName: string; dnsNames: string[]; issuerRef: unknown };
    const servers = spec(gateway).servers as {
      port: { number: number; protocol: string };
      hosts: string[];
      tls: { mode?: string; credentialName?: string; httpsRedirect?: boolean };
    }[];
    const https = servers.find((s) => s.port.number === 443);
    const http = servers.find((s) => s.port.number === 80);
    expect(certificate?.object.metadata).toMatchObject({ namespace: "istio-ingress" });
    expect(https?.tls.credentialName).toBe(cert.secretName);
    expect(https).toMatchObject({
      port: { protocol: "HTTPS" },
      hosts: ["*.example.org"],
      tls: { mode: "SIMPLE" },
    });
    expect(cert.dnsNames).toEqual(https?.hosts);
    expect(cert.issuerRef).toEqual({
      group: "cert-manager.io",
      kind: "ClusterIssuer",
      name: "letsencrypt-production",
    });
    expect(http).toMatchObject({ port: { protocol: "HTTP" }, tls: { httpsRedirect: true } });
    // The selector matches the pods of the gateway release, in the Gateway's namespace.
    expect(spec(gateway).selector).toEqual({ istio: "ingressgateway" });
    expect(INGRESS_GATEWAY_SELECTOR).toEqual({ istio: "ingressgateway" });
    expect(PUBLIC_GATEWAY).toBe("istio-ingress/public");
    expect(dependsOn(a, "istio-public-gateway")).toEqual(["cert-manager", "istio-base"]);
  });

  it("given the gateway values, when checked against the chart's schema, then they hold", () => {
    const a = build(istioSystem({ gateway: { loadBalancerIP: "192.0.2.241" } }));
    const values = spec(find(a, "HelmRelease/istio-ingress/istio-ingressgateway")).values;
    expect(istioGatewayValuesSchema.validate(values)).toEqual([]);
    expect(values).toMatchObject({ service: { annotations: { "lbipam.cilium.io/ips": "192.0.2.241" } } });
    expect(istioGatewayValuesSchema.validate({ ...values, replicas: 2 }).length).toBeGreaterThan(0);
  });

  it("given the gateway chart, when built, then the autoscaler sets the replicas, no CPU limit remains and only the injected image is exempt", () => {
    const a = build();
    const values = spec(find(a, "HelmRelease/istio-ingress/istio-ingressgateway")).values as Record<
      string,
      unknown
    >;
    // The chart writes replicas only without autoscaling: the minimum is the autoscaler's.
    expect(values).not.toHaveProperty("replicaCount");
    expect(values.autoscaling).toMatchObject({ enabled: true, minReplicas: 2 });
    // The chart's default 2000m CPU limit is deleted (Helm drops a key set to null).
    expect(values.resources).toEqual({
      requests: { cpu: "100m", memory: "128Mi" },
      limits: { memory: "1Gi", cpu: null },
    });
    const gateway = a.components.find((c) => c.name === "istio-ingressgateway");
    expect(Object.keys(gateway?.chartCheck?.imagesSetAtAdmission ?? {})).toEqual([INJECTED_PROXY_IMAGE]);
    expect(gateway?.chartCheck?.imagesSetAtAdmission?.[INJECTED_PROXY_IMAGE]).toContain(ISTIO_VERSION);
  });

  it("given a gateway release with a value the chart rejects, when the cluster is validated, then the chart's schema reports it", async () => {
    const bad: NamespacePackage = {
      packageName: "test-bad-gateway",
      build: () => [
        {
          name: "gateway-test",
          components: [
            helmComponent<Record<string, unknown>>({
              name: "bad-gateway",
              namespace: "gateway-test",
              chart: istioChart("gateway"),
              values: { replicas: 2 },
            }),
          ],
        },
      ],
    };
    await expect(expectValidates({ namespaces: [bad] })).rejects.toThrow(/\/spec\/values\/replicas/);
  });

  it("given an OTLP endpoint the cluster provides, when assembled, then proxies log to stdout and trace to it", () => {
    const a = build();
    expect(meshConfigOf(a)).toMatchObject({
      accessLogFile: "/dev/stdout",
      extensionProviders: [
        {
          name: "otel-tracing",
          opentelemetry: { service: "alloy-otlp.monitoring.svc.cluster.local", port: 4317 },
        },
      ],
    });
    expect(spec(find(a, "Telemetry/istio-system/mesh-default"))).toEqual({
      tracing: [{ providers: [{ name: "otel-tracing" }], randomSamplingPercentage: 1 }],
    });
    expect(a.components.find((c) => c.name === "istiod")?.integrations).toEqual([
      expect.objectContaining({ name: "tracing", enabled: true }),
    ]);
  });

  it("given no OTLP endpoint, when assembled, then nothing is traced; an explicit endpoint turns tracing on", () => {
    // Given the package alone, then no tracer and no Telemetry that would name one
    const a = alone();
    expect(meshConfigOf(a)).not.toHaveProperty("extensionProviders");
    expect(find(a, "Telemetry/istio-system/mesh-default")).toBeUndefined();
    // Given an explicit endpoint, then traces go there, in the cluster's domain
    const explicit = build(
      istioSystem({ telemetry: { otlpEndpoint: { namespace: "tracing", service: "collector" } } }),
      { ...settings, clusterDomain: "corp.internal" },
    );
    // (the provided endpoint wins over the explicit one)
    expect(meshConfigOf(explicit).extensionProviders).toEqual([
      {
        name: "otel-tracing",
        opentelemetry: { service: "alloy-otlp.monitoring.svc.corp.internal", port: 4317 },
      },
    ]);
    const onlyExplicit = alone(
      istioSystem({ telemetry: { otlpEndpoint: { namespace: "tracing", service: "collector" } } }),
    );
    expect(meshConfigOf(onlyExplicit).extensionProviders).toEqual([
      { name: "otel-tracing", opentelemetry: { service: "collector.tracing.svc.cluster.local", port: 4317 } },
    ]);
    // Given tracing: false or a 0 % sample, then off even with an endpoint
    expect(
      find(build(istioSystem({ telemetry: { tracing: false } })), "Telemetry/istio-system/mesh-default"),
    ).toBeUndefined();
    expect(
      meshConfigOf(build(istioSystem({ telemetry: { tracingSamplingPercentage: 0 } }))),
    ).not.toHaveProperty("extensionProviders");
  });

  it("given a cluster domain other than cluster.local, when assembled, then istiod's proxies are told", () => {
    const values = (a: AssembledCluster) =>
      (
        spec(find(a, "HelmRelease/istio-system/istiod")).values as {
          global: { proxy: Record<string, unknown> };
        }
      ).global.proxy;
    expect(values(build(istioSystem(), { ...settings, clusterDomain: "corp.internal" })).clusterDomain).toBe(
      "corp.internal",
    );
    // The chart's own default otherwise
    expect(values(build())).not.toHaveProperty("clusterDomain");
  });

  it("given no cert-manager, when assembled, then the gateway serves the TLS secret the cluster supplies", () => {
    const a = alone();
    expect(ofType(a, "cert-manager.io/Certificate")).toEqual([]);
    const gateway = a.components.find((c) => c.name === "istio-public-gateway");
    expect(gateway?.secrets).toEqual([{ name: "public-gateway-tls", keys: ["tls.crt", "tls.key"] }]);
    expect(gateway?.integrations?.map((i) => [i.name, i.enabled])).toEqual([["certificate", false]]);
    expect(dependsOn(a, "istio-public-gateway")).toEqual(["istio-base"]);
    // And a cert-manager whose issuers do not include the one named leaves it off too
    const otherIssuer = assembleCluster(
      defineCluster({
        name: "example",
        settings,
        namespaces: [istioSystem(), certManagerStandIn("internal-ca")],
      }),
    );
    expect(ofType(otherIssuer, "cert-manager.io/Certificate")).toEqual([]);
    // Unless the option names that issuer
    const named = assembleCluster(
      defineCluster({
        name: "example",
        settings,
        namespaces: [
          istioSystem({ gateway: { clusterIssuer: "internal-ca" } }),
          certManagerStandIn("internal-ca"),
        ],
      }),
    );
    expect(ofType(named, "cert-manager.io/Certificate")).toHaveLength(1);
  });

  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [istioSystem(), resourceMetricsStandIn()] });
    expect(report.files.has("istio-ingress/istio-public-gateway/secret-public-gateway-tls.sops.yaml")).toBe(
      true,
    );
  });

  it("given stand-ins for cert-manager and the OTLP collector, when rendered, then it validates with both integrations on", async () => {
    const report = await expectValidates({
      namespaces: [istioSystem(), certManagerStandIn(), otlpStandIn, resourceMetricsStandIn()],
    });
    expect(report.files.has("istio-ingress/istio-public-gateway/certificate-public-gateway.yaml")).toBe(true);
    expect(report.files.has("istio-system/istio-mesh-policy/telemetry-mesh-default.yaml")).toBe(true);
  });

  it("given certificate: true and tracing: true without what they need, then validation names what to add", async () => {
    const failure = expectValidates({
      namespaces: [
        istioSystem({ gateway: { certificate: true }, telemetry: { tracing: true } }),
        resourceMetricsStandIn(),
      ],
    });
    await expect(failure).rejects.toThrow(
      /certificate integration is on but no component installs cert-manager.io\/Certificate: add @helix-cluster\/cert-manager or set gateway.certificate: false/,
    );
    await expect(failure).rejects.toThrow(/tracing integration is on but no component provides otlp/);
  });
});
