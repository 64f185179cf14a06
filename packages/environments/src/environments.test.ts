import {
  type AssembledCluster,
  assembleCluster,
  buildContextOf,
  type ClusterSettings,
  defineCluster,
  type NamespacePackage,
  type PlacedObject,
} from "@helix-cluster/core";
import { crdStandIn, expectValidates, neutralSettings, throwAwayKey } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  appAutoscaler,
  CHAOS_MESH_ANNOTATION,
  DATA_PLANE_PORTS,
  ENVIRONMENTS,
  environments,
  SIDECAR_CRD,
} from "./index.js";

const settings: ClusterSettings = neutralSettings((await throwAwayKey()).recipient);

/** Stand-in for the istio-system package's CRD installer (packages never import each other). */
const istioBaseStandIn: NamespacePackage = crdStandIn({
  namespace: "istio-system",
  component: "istio-base",
  installsCrds: [SIDECAR_CRD],
});

interface Peer {
  namespaceSelector?: { matchLabels: Record<string, string> };
  podSelector?: { matchLabels?: Record<string, string> };
  ipBlock?: { cidr: string };
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: { protocol: string; port: number }[];
}
interface PolicySpec {
  podSelector: Record<string, unknown>;
  policyTypes: string[];
  ingress?: Rule[];
  egress?: Rule[];
}
type Meta = {
  name: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
};
const meta = (o: PlacedObject | undefined): Meta => (o?.object.metadata ?? { name: "" }) as Meta;
const spec = (o: PlacedObject | undefined): Record<string, unknown> =>
  (o?.object.spec ?? {}) as Record<string, unknown>;
const find = (a: AssembledCluster, id: string): PlacedObject | undefined =>
  a.objects.find((o) => o.id === id);
const policiesOf = (a: AssembledCluster, ns: string): { name: string; spec: PolicySpec }[] =>
  a.objects
    .filter((o) => o.type === "networking.k8s.io/NetworkPolicy" && meta(o).namespace === ns)
    .map((o) => ({ name: meta(o).name, spec: o.object.spec as unknown as PolicySpec }));
const toNamespace = (peer: Peer): string | undefined =>
  peer.namespaceSelector?.matchLabels["kubernetes.io/metadata.name"];

function build(pkg = environments()): AssembledCluster {
  return assembleCluster(defineCluster({ name: "example", settings, namespaces: [pkg, istioBaseStandIn] }));
}

describe("environments package", () => {
  it("given the defaults and Istio's CRDs, when built, then production, staging and testing each get one meshed guardrails component", () => {
    const facts = { types: [SIDECAR_CRD], namespaces: [], handles: [] };
    const specs = environments().build(settings, buildContextOf("test", settings, facts));
    expect(specs.map((s) => s.name)).toEqual(["production", "staging", "testing"]);
    for (const s of specs) {
      expect(s.components.map((c) => c.name)).toEqual([`${s.name}-guardrails`]);
      expect(s.labels?.["istio-injection"]).toBe("enabled");
    }
  });

  it("given the defaults, when assembled, then production and staging enforce restricted, testing baseline, all warn restricted", () => {
    const a = build();
    const labels = (ns: string) => meta(find(a, `Namespace/${ns}`)).labels ?? {};
    expect(labels("production")["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(labels("staging")["pod-security.kubernetes.io/enforce"]).toBe("restricted");
    expect(labels("testing")["pod-security.kubernetes.io/enforce"]).toBe("baseline");
    for (const ns of ENVIRONMENTS) {
      expect(labels(ns)["pod-security.kubernetes.io/warn"], ns).toBe("restricted");
      expect(labels(ns)["pod-security.kubernetes.io/audit"], ns).toBe("restricted");
    }
  });

  it("given the defaults, when assembled, then only testing is opted in to Chaos Mesh", () => {
    const a = build();
    const annotated = ENVIRONMENTS.filter(
      (ns) => meta(find(a, `Namespace/${ns}`)).annotations?.[CHAOS_MESH_ANNOTATION],
    );
    expect(annotated).toEqual(["testing"]);
    expect(meta(find(a, "Namespace/testing")).annotations).toEqual({ [CHAOS_MESH_ANNOTATION]: "enabled" });
  });

  it("given every app namespace, when assembled, then it is default-deny for ingress and egress and no rule opens everything", () => {
    const a = build();
    for (const ns of ENVIRONMENTS) {
      const policies = policiesOf(a, ns);
      const deny = policies.find((p) => p.name === "default-deny");
      expect(deny?.spec, ns).toEqual({ podSelector: {}, policyTypes: ["Ingress", "Egress"] });
      for (const p of policies) {
        for (const rule of p.spec.ingress ?? [])
          expect(rule.from?.length, `${ns}/${p.name}`).toBeGreaterThan(0);
        for (const rule of p.spec.egress ?? []) expect(rule.to?.length, `${ns}/${p.name}`).toBeGreaterThan(0);
        for (const peer of [
          ...(p.spec.ingress ?? []).flatMap((r) => r.from ?? []),
          ...(p.spec.egress ?? []).flatMap((r) => r.to ?? []),
        ]) {
          // A peer names a namespace, the own namespace's pods, or a CIDR: never "anything".
          expect(Object.keys(peer).length, `${ns}/${p.name}`).toBeGreaterThan(0);
        }
      }
    }
  });

  it("given the allowances, when assembled, then each flow is opened to the right namespace and ports only", () => {
    const policies = policiesOf(build(), "production");
    const rule = (name: string, dir: "ingress" | "egress"): Rule | undefined =>
      policies.find((p) => p.name === name)?.spec[dir]?.[0];
    const dns = rule("allow-dns", "egress");
    expect(dns?.to?.map(toNamespace)).toEqual(["kube-system"]);
    expect(dns?.ports).toEqual([
      { protocol: "UDP", port: 53 },
      { protocol: "TCP", port: 53 },
    ]);
    expect(rule("allow-istiod", "egress")).toEqual({
      to: [
        {
          namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "istio-system" } },
          podSelector: { matchLabels: { app: "istiod" } },
        },
      ],
      ports: [
        { protocol: "TCP", port: 15012 },
        { protocol: "TCP", port: 15017 },
      ],
    });
    expect(rule("allow-ingress-gateway", "ingress")?.from?.map(toNamespace)).toEqual(["istio-ingress"]);
    expect(rule("allow-prometheus-scrape", "ingress")?.from?.map(toNamespace)).toEqual(["monitoring"]);
    expect(rule("allow-prometheus-scrape", "ingress")?.ports?.map((p) => p.port)).toEqual([15020, 15090]);
    expect(rule("allow-otlp", "egress")?.to?.map(toNamespace)).toEqual(["monitoring"]);
    expect(rule("allow-otlp", "egress")?.ports?.map((p) => p.port)).toEqual([4317, 4318]);
    expect(rule("allow-data-plane", "egress")?.to?.map(toNamespace)).toEqual(["data-plane"]);
    expect(rule("allow-data-plane", "egress")?.ports?.map((p) => p.port)).toEqual([...DATA_PLANE_PORTS]);
    expect(rule("allow-same-namespace", "ingress")?.from).toEqual([{ podSelector: {} }]);
    expect(rule("allow-same-namespace", "egress")?.to).toEqual([{ podSelector: {} }]);
    expect(policies.find((p) => p.name === "allow-external-egress")).toBeUndefined();
  });

  it("given per-environment options, when assembled, then quotas merge with the defaults and optional flows follow", () => {
    const a = build(
      environments({
        staging: { quota: { requestsCpu: "12" }, dataPlaneAccess: false, egressCidrs: ["203.0.113.0/24"] },
        testing: { enabled: false },
      }),
    );
    expect(find(a, "Namespace/testing")).toBeUndefined();
    expect(spec(find(a, "ResourceQuota/staging/environment-quota")).hard).toMatchObject({
      "requests.cpu": "12",
      "requests.memory": "16Gi",
      "services.loadbalancers": "0",
    });
    const staging = policiesOf(a, "staging").map((p) => p.name);
    expect(staging).not.toContain("allow-data-plane");
    expect(policiesOf(a, "staging").find((p) => p.name === "allow-external-egress")?.spec.egress).toEqual([
      { to: [{ ipBlock: { cidr: "203.0.113.0/24" } }] },
    ]);
    expect(find(a, "Sidecar/staging/default")?.object.spec).toEqual({
      egress: [{ hosts: ["./*", "istio-system/*", "monitoring/*"] }],
    });
    expect(find(a, "Sidecar/production/default")?.object.spec).toEqual({
      egress: [{ hosts: ["./*", "data-plane/*", "istio-system/*", "monitoring/*"] }],
    });
    const limits = find(a, "LimitRange/production/container-defaults")?.object.spec;
    expect(limits).toEqual({
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: "100m", memory: "128Mi" },
          default: { memory: "512Mi" },
          max: { memory: "16Gi" },
        },
      ],
    });
  });

  it("given no mesh, when assembled, then there is no injection label, no Sidecar and no Istio dependency", () => {
    const a = assembleCluster(
      defineCluster({
        name: "t",
        settings,
        namespaces: [environments({ mesh: false }), istioBaseStandIn],
      }),
    );
    expect(meta(find(a, "Namespace/production")).labels).not.toHaveProperty("istio-injection");
    expect(a.objects.filter((o) => o.type === SIDECAR_CRD)).toEqual([]);
    expect(spec(find(a, "Kustomization/flux-system/production-guardrails")).dependsOn).toBeUndefined();
    expect(a.problems).toEqual([]);
  });

  it("given the package alone, when rendered in a neutral cluster, then it validates, kustomize builds and the mesh is off", async () => {
    const report = await expectValidates({ namespaces: [environments()] });
    for (const env of ENVIRONMENTS) {
      const namespace = parse(report.files.get(`${env}/namespace.yaml`) ?? "") as {
        metadata: { labels: Record<string, string> };
      };
      expect(namespace.metadata.labels, env).not.toHaveProperty("istio-injection");
      expect(namespace.metadata.labels.environment, env).toBe(env);
      expect(report.files.has(`${env}/${env}-guardrails/sidecar-default.yaml`), env).toBe(false);
    }
  });

  it("given Istio's CRDs, when rendered in a neutral cluster, then the mesh is on, it validates and guardrails wait for the CRDs", async () => {
    const report = await expectValidates({ namespaces: [environments(), istioBaseStandIn] });
    for (const env of ENVIRONMENTS) {
      const ks = parse(report.files.get(`${env}/${env}-guardrails/ks.yaml`) ?? "") as {
        spec: { dependsOn?: unknown };
      };
      expect(ks.spec.dependsOn, env).toEqual([{ name: "istio-base" }]);
      expect(report.files.has(`${env}/${env}-guardrails/sidecar-default.yaml`), env).toBe(true);
    }
  });

  it("given mesh: true without Istio, when validated, then one line names what to add", async () => {
    await expect(expectValidates({ namespaces: [environments({ mesh: true })] })).rejects.toThrow(
      /mesh integration is on but no component installs networking\.istio\.io\/Sidecar: add @helix-cluster\/istio-system or set mesh: false/,
    );
  });

  it("given a label key and namespace names, when assembled, then the namespaces, their label and an app's autoscaler follow them", () => {
    const a = build(
      environments({
        environmentLabelKey: "example.org/environment",
        production: { namespace: "prod" },
        staging: { namespace: "stage" },
      }),
    );
    expect(a.objects.map((o) => o.id).filter((id) => id.startsWith("Namespace/"))).toEqual(
      expect.arrayContaining(["Namespace/prod", "Namespace/stage", "Namespace/testing"]),
    );
    expect(find(a, "Namespace/production")).toBeUndefined();
    expect(meta(find(a, "Namespace/prod")).labels?.["example.org/environment"]).toBe("production");
    expect(meta(find(a, "Namespace/prod")).labels).not.toHaveProperty("environment");
    expect(find(a, "ResourceQuota/prod/environment-quota")).toBeDefined();
    expect(find(a, "Sidecar/prod/default")).toBeDefined();
    expect(a.problems).toEqual([]);
    const hpa = appAutoscaler("production", { deployment: "shop", namespace: "prod" });
    expect(hpa.metadata?.namespace).toBe("prod");
  });
});
