import {
  type AssembledCluster,
  assembleCluster,
  type ClusterSettings,
  clusterIssuer,
  defineCluster,
  ingressClass,
  type NamespacePackage,
  type PlacedObject,
  PROMETHEUS_API,
  serviceEndpoint,
} from "@helix-cluster/core";
import { crdStandIn, expectValidates, neutralSettings } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  ALERT_WEBHOOK_KEY,
  ALERT_WEBHOOK_SECRET,
  FLUX_COMPONENTS,
  FLUX_OPERATOR_VERSION,
  FLUX_VERSION,
  fluxSystem,
  RECEIVER_TOKEN_KEY,
  RECEIVER_TOKEN_SECRET,
} from "./index.js";

// Neutral settings with an alert channel (the assembly tests read no key).
const alertChannel = { fluxAlerts: { provider: "slack", channel: "platform-alerts" } } as const;
const settings: ClusterSettings = neutralSettings("age1unused", alertChannel);

/** Stand-in for the monitoring package: its CRD installer and the Prometheus API (packages never import each other). */
const monitoringCrds: NamespacePackage = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: ["monitoring.coreos.com/PodMonitor", "monitoring.coreos.com/ServiceMonitor"],
  provides: [
    serviceEndpoint(PROMETHEUS_API, {
      namespace: "monitoring",
      service: "prometheus",
      port: 9090,
      scheme: "http",
    }),
  ],
});

/** Stand-ins for the ingress controllers and issuers other packages provide (packages never import each other). */
const ingressAndIssuers: NamespacePackage[] = [
  crdStandIn({
    namespace: "network",
    component: "nginx-ingress",
    provides: [ingressClass("internal"), ingressClass("external")],
  }),
  crdStandIn({
    namespace: "cert-manager",
    component: "cert-manager-issuers",
    installsCrds: ["cert-manager.io/ClusterIssuer"],
    provides: [clusterIssuer("letsencrypt-production"), clusterIssuer("letsencrypt-staging")],
  }),
];

type Spec = Record<string, unknown> & {
  path?: string;
  sourceRef?: { kind: string; name: string; namespace?: string };
  dependsOn?: { name: string }[];
  values?: Record<string, unknown>;
};
const spec = (o: PlacedObject | undefined): Spec => (o?.object.spec ?? {}) as Spec;
const find = (a: AssembledCluster, id: string): PlacedObject | undefined =>
  a.objects.find((o) => o.id === id);
const ofType = (a: AssembledCluster, type: string): PlacedObject[] =>
  a.objects.filter((o) => o.type === type);

function build(
  s: ClusterSettings = settings,
  namespaces = [fluxSystem(), monitoringCrds, ...ingressAndIssuers],
): AssembledCluster {
  return assembleCluster(defineCluster({ name: "example", settings: s, namespaces }));
}

describe("flux-system package", () => {
  it("pins the flux-instance chart to the operator's release (one renovate hint moves both)", () => {
    const a = build();
    for (const chart of ["flux-operator", "flux-instance"])
      expect(spec(find(a, `OCIRepository/flux-system/${chart}`)).ref).toEqual({ tag: FLUX_OPERATOR_VERSION });
  });

  it("given the package, when assembled, then Flux syncs exactly this cluster's rendered path from one source", () => {
    const a = build();
    const gitRepos = ofType(a, "source.toolkit.fluxcd.io/GitRepository");
    expect(gitRepos.map((o) => o.id)).toEqual(["GitRepository/flux-system/flux-system"]);
    expect(spec(gitRepos[0])).toMatchObject({
      url: settings.git.url,
      ref: { branch: "main" },
    });
    const root = find(a, "Kustomization/flux-system/cluster");
    expect(spec(root).path).toBe("./clusters/example/rendered");
    expect(spec(root).sourceRef).toEqual({
      kind: "GitRepository",
      name: "flux-system",
      namespace: "flux-system",
    });
    expect(spec(root).decryption).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });

    // The FluxInstance has no sync of its own: core's root objects are the only sync of the cluster,
    // and every Kustomization reads the same GitRepository, below the same rendered path.
    const instance = spec(find(a, "HelmRelease/flux-system/flux-instance")).values as {
      instance: Record<string, unknown>;
    };
    expect(instance.instance).not.toHaveProperty("sync");
    for (const ks of ofType(a, "kustomize.toolkit.fluxcd.io/Kustomization")) {
      expect(spec(ks).sourceRef, ks.id).toEqual(spec(root).sourceRef);
      expect(spec(ks).path?.startsWith("./clusters/example/rendered"), ks.id).toBe(true);
      expect(spec(ks).decryption, ks.id).toEqual({ provider: "sops", secretRef: { name: "sops-age" } });
    }
  });

  it("given a custom git path, when assembled, then the root Kustomization follows it", () => {
    const a = build({ ...settings, git: { ...settings.git, path: "./deploy/example" } });
    expect(spec(find(a, "Kustomization/flux-system/cluster")).path).toBe("./deploy/example");
    expect(spec(find(a, "Kustomization/flux-system/flux-instance")).path).toBe(
      "./deploy/example/flux-system/flux-instance",
    );
  });

  it("given the defaults, when assembled, then the pinned Flux runs its four controllers from the operator, which comes first", () => {
    const a = build();
    const values = spec(find(a, "HelmRelease/flux-system/flux-instance")).values as {
      instance: { distribution: { version: string; artifact: string }; components: string[] };
    };
    // Compared with the exported pins, not literal versions: a Renovate bump keeps this green.
    expect(values.instance.distribution.version).toBe(FLUX_VERSION);
    expect(values.instance.distribution.artifact.endsWith(`:v${FLUX_OPERATOR_VERSION}`)).toBe(true);
    expect(values.instance.components).toEqual([...FLUX_COMPONENTS]);
    expect(spec(find(a, "OCIRepository/flux-system/flux-instance")).ref).toEqual({
      tag: FLUX_OPERATOR_VERSION,
    });
    expect(spec(find(a, "Kustomization/flux-system/flux-instance")).dependsOn).toEqual([
      { name: "flux-operator" },
    ]);
    // The package's own Namespace replaces core's: exactly one, with our labels.
    const nss = ofType(a, "Namespace").filter((o) => o.id === "Namespace/flux-system");
    expect(nss).toHaveLength(1);
    expect(nss[0]?.packageName).toBe("@helix-cluster/flux-system");
  });

  it("given the receiver, when assembled, then it verifies GitHub pushes with its SOPS token and refreshes the root source", () => {
    const a = build();
    const receiver = find(a, "Receiver/flux-system/github");
    expect(spec(receiver)).toMatchObject({
      type: "github",
      events: ["ping", "push"],
      secretRef: { name: RECEIVER_TOKEN_SECRET },
      resources: [{ kind: "GitRepository", name: "flux-system", namespace: "flux-system" }],
    });
    const secret = a.secrets.find((s) => s.ref.name === RECEIVER_TOKEN_SECRET);
    expect(secret?.component).toBe(receiver?.component);
    expect(secret?.ref.keys).toEqual([RECEIVER_TOKEN_KEY]);
    expect(secret?.sourcePath).toBe("secrets/flux-system/github-webhook-token.sops.yaml");
    const ingress = find(a, "Ingress/flux-system/flux-webhook");
    expect(spec(ingress)).toMatchObject({
      ingressClassName: "external",
      rules: [{ host: "flux-webhook.example.org", http: { paths: [{ path: "/hook/" }] } }],
      tls: [{ hosts: ["flux-webhook.example.org"], secretName: "flux-webhook-tls" }],
    });
    expect(
      (ingress?.object.metadata as { annotations?: Record<string, string> } | undefined)?.annotations,
    ).toEqual({
      "cert-manager.io/cluster-issuer": "letsencrypt-production",
    });
  });

  it("given an alert channel in the settings, when assembled, then every alert goes to that provider", () => {
    const a = build({ ...settings, fluxAlerts: { provider: "msteams", channel: "ops" } });
    const providers = ofType(a, "notification.toolkit.fluxcd.io/Provider");
    expect(providers.map((p) => p.id)).toEqual(["Provider/flux-system/msteams"]);
    expect(spec(providers[0])).toEqual({
      type: "msteams",
      channel: "ops",
      secretRef: { name: ALERT_WEBHOOK_SECRET },
    });
    expect(a.secrets.find((s) => s.ref.name === ALERT_WEBHOOK_SECRET)?.ref.keys).toEqual([ALERT_WEBHOOK_KEY]);
    const alerts = ofType(a, "notification.toolkit.fluxcd.io/Alert");
    expect(alerts.map((o) => o.id).sort()).toEqual([
      "Alert/flux-system/cluster-sync",
      "Alert/flux-system/flux-errors",
    ]);
    for (const alert of alerts) expect(spec(alert).providerRef, alert.id).toEqual({ name: "msteams" });
  });

  it("given the error alert, when assembled, then it covers all Kustomizations and the HelmReleases of every namespace of the cluster", () => {
    const apps = crdStandIn({ namespace: "apps", component: "app" });
    const a = build(settings, [fluxSystem(), monitoringCrds, ...ingressAndIssuers, apps]);
    const sources = spec(find(a, "Alert/flux-system/flux-errors")).eventSources as {
      kind: string;
      name: string;
      namespace: string;
    }[];
    expect(spec(find(a, "Alert/flux-system/flux-errors")).eventSeverity).toBe("error");
    expect(sources).toContainEqual({ kind: "Kustomization", name: "*", namespace: "flux-system" });
    const watched = new Set(sources.filter((s) => s.kind === "HelmRelease").map((s) => s.namespace));
    // Derived from the cluster: its namespaces, without the built-in ones that hold no release.
    expect([...watched]).toEqual([
      "apps",
      "cert-manager",
      "flux-system",
      "kube-system",
      "monitoring",
      "network",
    ]);
    const chosen = build(settings, [fluxSystem({ alertNamespaces: ["only-this"] })]);
    const chosenSources = spec(find(chosen, "Alert/flux-system/flux-errors")).eventSources as {
      kind: string;
      namespace: string;
    }[];
    expect(chosenSources.filter((e) => e.kind === "HelmRelease").map((e) => e.namespace)).toEqual([
      "only-this",
    ]);
    for (const hr of ofType(a, "helm.toolkit.fluxcd.io/HelmRelease")) {
      expect(watched.has(String((hr.object.metadata as { namespace: string }).namespace)), hr.id).toBe(true);
    }
    expect(spec(find(a, "Alert/flux-system/cluster-sync"))).toMatchObject({
      eventSeverity: "info",
      eventSources: [{ kind: "Kustomization", name: "cluster", namespace: "flux-system" }],
    });
  });

  it("given no alert channel, when assembled, then no Provider, Alert or webhook secret is rendered", () => {
    const { fluxAlerts: _, ...noAlerts } = settings;
    const a = build(noAlerts);
    expect(ofType(a, "notification.toolkit.fluxcd.io/Provider")).toEqual([]);
    expect(ofType(a, "notification.toolkit.fluxcd.io/Alert")).toEqual([]);
    expect(a.secrets.map((s) => s.ref.name)).toEqual([RECEIVER_TOKEN_SECRET]);
  });

  it("given Flagger, when assembled, then it drives Istio from Prometheus and installs the Canary CRDs", () => {
    const a = build();
    expect(spec(find(a, "HelmRelease/flux-system/flagger")).values).toMatchObject({
      meshProvider: "istio",
      metricsServer: "http://prometheus.monitoring.svc.cluster.local:9090",
      leaderElection: { enabled: true, replicaCount: 2 },
    });
    expect(spec(find(a, "Kustomization/flux-system/flagger")).dependsOn).toEqual([
      { name: "prometheus-operator-crds" },
    ]);
    // The chart's default 1000m CPU limit is deleted (Helm drops a key set to null).
    expect(spec(find(a, "HelmRelease/flux-system/flagger")).values).toMatchObject({
      resources: { limits: { memory: "512Mi", cpu: null } },
    });
    const off = build(settings, [fluxSystem({ serviceMonitors: false, flagger: false }), monitoringCrds]);
    expect(find(off, "HelmRelease/flux-system/flagger")).toBeUndefined();
    expect(spec(find(off, "HelmRelease/flux-system/flux-operator")).values).toMatchObject({
      serviceMonitor: { create: false },
    });
    // Given a Prometheus URL in the options, then Flagger reads it instead of a handle.
    const own = build(settings, [fluxSystem({ flagger: { metricsServer: "http://metrics.example:9090" } })]);
    expect(spec(find(own, "HelmRelease/flux-system/flagger")).values).toMatchObject({
      metricsServer: "http://metrics.example:9090",
      podMonitor: { enabled: false },
    });
  });
});

describe("flux-system package composed into a neutral cluster", () => {
  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [fluxSystem()], settings: alertChannel });
    const folders = new Set([...report.files.keys()].map((p) => p.split("/").slice(0, 2).join("/")));
    // Then Flagger waits for a Prometheus, the receiver for an ingress class, the charts for the monitor CRDs.
    expect(folders.has("flux-system/flagger")).toBe(false);
    expect([...report.files.keys()].some((p) => p.includes("ingress-flux-webhook"))).toBe(false);
    expect(report.files.get("flux-system/flux-operator/helmrelease.yaml")).toMatch(/create: false/);
    expect(folders.has("flux-system/flux-notifications")).toBe(true);
  });

  it("given monitoring, ingress and issuers stand-ins, when rendered, then Flagger, monitors and the public receiver are on and kustomize builds", async () => {
    const report = await expectValidates({
      namespaces: [fluxSystem(), monitoringCrds, ...ingressAndIssuers],
      settings: alertChannel,
    });
    const flagger = report.files.get("flux-system/flagger/helmrelease.yaml") ?? "";
    expect(flagger).toContain("metricsServer: http://prometheus.monitoring.svc.cluster.local:9090");
    expect(report.files.get("flux-system/flux-operator/helmrelease.yaml")).toMatch(/create: true/);
    expect([...report.files.keys()].some((p) => p.includes("ingress-flux-webhook"))).toBe(true);
  });

  it("given Flagger asked for without a Prometheus, when validated, then one problem names what to add", async () => {
    await expect(expectValidates({ namespaces: [fluxSystem({ flagger: {} })] })).rejects.toThrow(
      /flagger needs the Prometheus API: add @helix-cluster\/monitoring, set flagger\.metricsServer, or set flagger: false/,
    );
  });

  it("given the monitors asked for without their CRDs, when validated, then the problem names the package to add", async () => {
    await expect(expectValidates({ namespaces: [fluxSystem({ serviceMonitors: true })] })).rejects.toThrow(
      /monitoring integration is on but no component installs monitoring\.coreos\.com\/ServiceMonitor: add @helix-cluster\/monitoring or set serviceMonitors: false/,
    );
  });
});
