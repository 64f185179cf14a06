import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type AssembledCluster,
  assembleCluster,
  buildContextOf,
  type ClusterSettings,
  defineCluster,
  helmComponent,
  type NamespacePackage,
  type PlacedObject,
  platformEndpoints,
  renderCluster,
  validateCluster,
} from "@helix-cluster/core";
import { kustomizationFolders, kustomizeBuild, resourceMetricsStandIn } from "@helix-cluster/core/testing";
import { validateIstioGatewayValues } from "@helix-cluster/core/values";
import { ClusterIssuer } from "@kubernetes-models/cert-manager/cert-manager.io/v1/ClusterIssuer";
import { describe, expect, it } from "vitest";
import {
  INGRESS_GATEWAY_SELECTOR,
  INJECTED_PROXY_IMAGE,
  ISTIO_CRDS,
  ISTIO_VERSION,
  istioChart,
  istioSystem,
  PUBLIC_GATEWAY,
} from "./index.js";

const clusterDir = join(import.meta.dirname, "../../../clusters/helix-onprem");

const settings: ClusterSettings = {
  domain: "helix-ai.net",
  distribution: "k3s",
  acmeEmail: "platform@helix-ai.net",
  git: { url: "https://github.com/helix-ai/helix-cluster", branch: "main" },
  sopsAgeRecipients: ["age13xg6ut4ndlmk6uqyak22hrrc6zzndtq57fpus5yh3jdckcap23psmfsrws"],
};

/**
 * Test-only stand-in for the cert-manager package (packages never import each other): the component
 * installing the cert-manager CRDs, and the production ClusterIssuer the gateway certificate names.
 */
const certManagerStandIn: NamespacePackage = {
  packageName: "test-stand-in-cert-manager",
  build: () => [
    {
      name: "cert-manager",
      components: [
        {
          name: "cert-manager",
          namespace: "cert-manager",
          objects: [],
          installsCrds: [
            "cert-manager.io/Certificate",
            "cert-manager.io/ClusterIssuer",
            "cert-manager.io/Issuer",
          ],
        },
        {
          name: "cert-manager-issuers",
          namespace: "cert-manager",
          objects: [
            new ClusterIssuer({ metadata: { name: "letsencrypt-production" }, spec: { selfSigned: {} } }),
          ],
        },
      ],
    },
  ],
};

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

function build(pkg = istioSystem()): AssembledCluster {
  return assembleCluster(
    defineCluster({
      name: "helix-onprem",
      settings,
      namespaces: [pkg, certManagerStandIn, resourceMetricsStandIn()],
    }),
  );
}

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
    const cniOff = build(istioSystem({ cni: { enabled: false } }));
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
      hosts: ["*.helix-ai.net"],
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
    const a = build(istioSystem({ gateway: { loadBalancerIP: "10.40.0.241" } }));
    const values = spec(find(a, "HelmRelease/istio-ingress/istio-ingressgateway")).values;
    expect(validateIstioGatewayValues(values)).toEqual([]);
    expect(values).toMatchObject({ service: { annotations: { "lbipam.cilium.io/ips": "10.40.0.241" } } });
    expect(validateIstioGatewayValues({ ...values, replicas: 2 }).length).toBeGreaterThan(0);
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
    const a = assembleCluster(defineCluster({ name: "helix-onprem", settings, namespaces: [bad] }));
    const { problems } = await validateCluster(a, settings, clusterDir);
    expect(problems.map((p) => `${p.layer} ${p.path}`)).toEqual(["values /spec/values/replicas"]);
  });

  it("given telemetry, when assembled, then proxies log to stdout and trace to the OTLP endpoint", () => {
    const a = build();
    const mesh = (
      spec(find(a, "HelmRelease/istio-system/istiod")).values as { meshConfig: Record<string, unknown> }
    ).meshConfig;
    expect(mesh).toMatchObject({
      accessLogFile: "/dev/stdout",
      extensionProviders: [
        {
          name: "otel-tracing",
          opentelemetry: { service: "alloy-otlp.monitoring.svc.cluster.local", port: 4317 },
        },
      ],
    });
    expect(platformEndpoints.otlpGrpc).toBe("http://alloy-otlp.monitoring.svc.cluster.local:4317");
    expect(spec(find(a, "Telemetry/istio-system/mesh-default"))).toEqual({
      tracing: [{ providers: [{ name: "otel-tracing" }], randomSamplingPercentage: 1 }],
    });
  });

  it("given the real cluster folder, when validated, then there are no problems", async () => {
    const { problems } = await validateCluster(build(), settings, clusterDir);
    expect(problems).toEqual([]);
  });

  it("given a render, when kustomize builds the istio folders, then each builds", async () => {
    // The bootstrap tree goes beside the Flux tree: both inside the temporary folder, never in the system's.
    const outDir = join(await mkdtemp(join(tmpdir(), "istio-system-")), "rendered");
    const cluster = defineCluster({
      name: "helix-onprem",
      settings,
      namespaces: [istioSystem(), certManagerStandIn, resourceMetricsStandIn()],
    });
    const report = await renderCluster(cluster, { clusterDir, outDir });
    const folders = kustomizationFolders(report.files.keys(), ["istio-"]);
    expect(folders.length).toBe(8);
    for (const [folder, built] of kustomizeBuild(outDir, folders))
      expect(built.length, folder).toBeGreaterThan(0);
  });
});
