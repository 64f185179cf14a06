import {
  ALERTMANAGER_API,
  assembleCluster,
  buildContextOf,
  type ClusterSettings,
  type Component,
  databaseHandle,
  defineCluster,
  type JsonValue,
  LOKI_PUSH,
  type NamespacePackage,
  POD_MONITOR,
  POSTGRES,
  PROMETHEUS_RULE,
  SERVICE_MONITOR,
  serviceEndpoint,
  toPlain,
} from "@helix-cluster/core";
import { crdStandIn, expectValidates, neutralSettings, throwAwayKey } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  CAPL_VERSION,
  CHAOS_MESH_INJECT_ANNOTATIONS,
  CHAOS_TARGET_LABEL,
  CILIUM_CRDS,
  CLUSTER_API_CRDS,
  CLUSTER_API_VERSION,
  INSECURE_KUBELET_TLS_FLAG,
  KARPENTER_CRDS,
  type KubeSystemOptions,
  kubeSystem,
  kubeSystemComponents,
  podKillSchedule,
} from "./index.js";

const alertmanagerApi = serviceEndpoint(ALERTMANAGER_API, {
  namespace: "monitoring",
  service: "alertmanager",
  port: 9093,
  scheme: "http",
});
const lokiPush = serviceEndpoint(LOKI_PUSH, {
  namespace: "monitoring",
  service: "loki-gateway",
  port: 80,
  scheme: "http",
  path: "/loki/api/v1/push",
});

// A neutral cluster of three servers and four agents (documentation addresses).
const nodes: ClusterSettings["nodes"] = [
  { name: "server-1", address: "192.0.2.11", role: "server" },
  { name: "server-2", address: "192.0.2.12", role: "server" },
  { name: "server-3", address: "192.0.2.13", role: "server" },
  { name: "agent-1", address: "192.0.2.21", role: "agent" },
  { name: "agent-2", address: "192.0.2.22", role: "agent" },
  { name: "agent-3", address: "192.0.2.23", role: "agent" },
  { name: "agent-4", address: "192.0.2.24", role: "agent" },
];
const settings: ClusterSettings = neutralSettings((await throwAwayKey()).recipient, { nodes });

/** A cluster with the monitoring CRDs and namespace, and `staging` and `testing` namespaces. */
const integratedFacts = {
  types: [POD_MONITOR, PROMETHEUS_RULE, SERVICE_MONITOR],
  namespaces: ["monitoring", "staging", "testing"],
  handles: [alertmanagerApi, lokiPush],
};
const integrated = buildContextOf("example", settings, integratedFacts);
/** Chaos experiments aimed at `testing`, as the Helix clusters ask. */
const chaosInTesting: KubeSystemOptions = { chaosMesh: { allowedNamespaces: ["testing"] } };

/**
 * Stand-in for the monitoring package: installs the Prometheus Operator CRDs the charts use and
 * provides the Alertmanager and Loki endpoints Falcosidekick sends to.
 */
const monitoringStandIn: NamespacePackage = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: [POD_MONITOR, PROMETHEUS_RULE, SERVICE_MONITOR],
  provides: [alertmanagerApi, lokiPush],
});

/** Stand-in for the environments package: the `testing` namespace, opted in to chaos injection. */
const environmentsStandIn: NamespacePackage = {
  packageName: "stand-in/environments",
  build: () => [{ name: "testing", annotations: CHAOS_MESH_INJECT_ANNOTATIONS, components: [] }],
};

type Obj = { [key: string]: JsonValue };
const components = (opts: KubeSystemOptions = chaosInTesting, s: ClusterSettings = settings): Component[] =>
  kubeSystemComponents(s, opts, buildContextOf("example", s, integratedFacts));
const component = (
  name: string,
  opts: KubeSystemOptions = chaosInTesting,
  s: ClusterSettings = settings,
): Component => {
  const found = components(opts, s).find((c) => c.name === name);
  if (!found) throw new Error(`no component ${name}`);
  return found;
};
const valuesOf = (c: Component): Obj => {
  const release = c.objects.find((o) => o.kind === "HelmRelease");
  if (!release) throw new Error(`${c.name} has no HelmRelease`);
  return (toPlain(release).spec as Obj).values as Obj;
};
const plainObjects = (c: Component): Obj[] => c.objects.map((o) => toPlain(o) as Obj);
const dependsOnOf = (cluster: ReturnType<typeof defineCluster>, name: string): JsonValue | undefined => {
  const ks = assembleCluster(cluster).objects.find((o) => o.id === `Kustomization/flux-system/${name}`);
  return (ks?.object.spec as Obj | undefined)?.dependsOn;
};
/**
 * What a chart's values turn on that a bare k3s would reject before Flux installs the monitoring
 * CRDs and namespaces: enabled monitoring blocks (ServiceMonitor, PodMonitor, PrometheusRule,
 * dashboards) and target namespaces other than `home`. Blocks with `enabled: false` are skipped.
 */
function notOnBareCluster(value: JsonValue | undefined, home: string, path = ""): string[] {
  if (typeof value !== "object" || value === null || Array.isArray(value) || value.enabled === false)
    return [];
  return Object.entries(value).flatMap(([key, v]) => {
    const at = `${path}.${key}`;
    if (/^(serviceMonitor|podMonitor|monitor|prometheusRule|dashboards)$/.test(key)) {
      if (typeof v === "object" && v !== null && !Array.isArray(v) && v.enabled === true) return [at];
    }
    if (key === "namespace" && typeof v === "string" && v !== home) return [`${at}=${v}`];
    return notOnBareCluster(v, home, at);
  });
}

const cluster = (opts: KubeSystemOptions = chaosInTesting) =>
  defineCluster({
    name: "example",
    settings,
    namespaces: [kubeSystem(opts), monitoringStandIn, environmentsStandIn],
  });

describe("kube-system package", () => {
  it("builds the built-in kube-system namespace with every service, CRD objects in their own components", () => {
    const [ns] = kubeSystem(chaosInTesting).build(settings, integrated);
    expect(ns?.name).toBe("kube-system");
    expect(ns?.builtIn).toBe(true);
    expect(ns?.components.map((c) => c.name)).toEqual([
      "cilium",
      "cilium-config",
      "metrics-server",
      "reloader",
      "falco",
      "trivy-operator",
      "chaos-mesh",
      "chaos-experiments",
      "flagsmith",
    ]);
    const assembled = assembleCluster(cluster());
    expect(assembled.objects.some((o) => o.id === "Namespace/kube-system")).toBe(false);
    expect(dependsOnOf(cluster(), "cilium-config")).toEqual([{ name: "cilium" }]);
    expect(dependsOnOf(cluster(), "chaos-experiments")).toEqual([{ name: "chaos-mesh" }]);
    expect(dependsOnOf(cluster(), "cilium")).toEqual([{ name: "prometheus-operator-crds" }]);
  });

  it("given k3s, Cilium replaces kube-proxy, reaches the API on the servers and encrypts with WireGuard", () => {
    const values = valuesOf(component("cilium"));
    expect(values.kubeProxyReplacement).toBe(true);
    expect(values.k8sServiceHost).toBe("192.0.2.11");
    expect(values.k8sServicePort).toBe(6443);
    expect(values.k8s).toEqual({
      apiServerURLs: "https://192.0.2.11:6443 https://192.0.2.12:6443 https://192.0.2.13:6443",
    });
    expect(values.encryption).toEqual({ enabled: true, type: "wireguard" });
    expect(values.ipam).toEqual({
      mode: "cluster-pool",
      operator: { clusterPoolIPv4PodCIDRList: ["10.42.0.0/16"], clusterPoolIPv4MaskSize: 24 },
    });
    expect(values.l2announcements).toEqual({ enabled: true });
    expect((values.operator as Obj).replicas).toBe(2);
    expect((values.hubble as Obj).relay).toMatchObject({ enabled: true });
    expect((values.hubble as Obj).ui).toMatchObject({ enabled: true });
    expect(component("cilium").k3s).toEqual({
      disable: ["servicelb"],
      serverConfig: { "flannel-backend": "none", "disable-network-policy": true, "disable-kube-proxy": true },
    });
    expect(component("metrics-server").k3s).toEqual({ disable: ["metrics-server"] });
  });

  it("given a bare k3s, the bootstrap install of Cilium creates nothing whose CRD or namespace Flux brings later", () => {
    // Given the cilium component of a cluster with monitoring
    const c = component("cilium");
    // When task network:bootstrap installs its release before Flux
    const install = c.bootstrapHelm;
    expect(install).toMatchObject({ releaseName: "cilium", namespace: "kube-system" });
    // Then no ServiceMonitor, PrometheusRule or dashboard (monitoring namespace) is turned on
    expect(notOnBareCluster(install?.values as JsonValue, "kube-system")).toEqual([]);
    // And the rest is the release Flux adopts, which then adds the monitoring objects
    const flux = valuesOf(c);
    expect(install?.values).toMatchObject({
      kubeProxyReplacement: flux.kubeProxyReplacement,
      k8sServiceHost: flux.k8sServiceHost,
      ipam: flux.ipam,
      encryption: flux.encryption,
    });
    expect(notOnBareCluster(flux, "kube-system")).toEqual(
      expect.arrayContaining([".prometheus.serviceMonitor", ".dashboards", ".hubble.metrics.serviceMonitor"]),
    );
  });

  it("given a VIP, Cilium prefers it and keeps the servers as fallbacks; without servers it refuses to guess", () => {
    const values = valuesOf(component("cilium", { cilium: { apiServerHost: "192.0.2.10" } }));
    expect(values.k8sServiceHost).toBe("192.0.2.10");
    expect((values.k8s as Obj).apiServerURLs).toBe(
      "https://192.0.2.10:6443 https://192.0.2.11:6443 https://192.0.2.12:6443 https://192.0.2.13:6443",
    );
    expect(() => components({}, { ...settings, nodes: [] })).toThrow(/API server address/);
  });

  it("the LoadBalancer pool is exactly the cluster's, announced over L2 from workers only by default", () => {
    const [pool, policy] = plainObjects(component("cilium-config"));
    expect(pool).toMatchObject({ apiVersion: "cilium.io/v2", kind: "CiliumLoadBalancerIPPool" });
    expect((((pool?.spec ?? {}) as Obj).blocks as Obj[]).map((b) => b.cidr)).toEqual(
      settings.loadBalancerPool,
    );
    expect(policy).toMatchObject({ apiVersion: "cilium.io/v2alpha1", kind: "CiliumL2AnnouncementPolicy" });
    expect(policy?.spec).toMatchObject({
      loadBalancerIPs: true,
      nodeSelector: {
        matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" }],
      },
    });
    const everyNode = plainObjects(
      component("cilium-config", { cilium: { l2AnnounceFromControlPlane: true } }),
    );
    expect(everyNode[1]?.spec).not.toHaveProperty("nodeSelector");
    const noPool = components({}, { ...settings, loadBalancerPool: [] }).map((c) => c.name);
    expect(noPool).not.toContain("cilium-config");
  });

  it("metrics-server runs twice with a PDB and reaches kubelets on InternalIP with verified TLS", () => {
    const values = valuesOf(component("metrics-server"));
    expect(values.replicas).toBe(2);
    expect(values.podDisruptionBudget).toEqual({ enabled: true, minAvailable: 1 });
    expect(values.defaultArgs).toContain("--kubelet-preferred-address-types=InternalIP");
    expect(JSON.stringify(values)).not.toContain(INSECURE_KUBELET_TLS_FLAG);
  });

  it("Falco uses modern eBPF and forwards to the Alertmanager (v2 API) and Loki the cluster provides", () => {
    const values = valuesOf(component("falco"));
    expect(values.driver).toMatchObject({ enabled: true, kind: "modern_ebpf" });
    const sidekick = values.falcosidekick as Obj;
    expect(sidekick.enabled).toBe(true);
    const { alertmanager, loki } = sidekick.config as { alertmanager: Obj; loki: Obj };
    expect(`${alertmanager.hostport}${alertmanager.endpoint}`).toBe(
      "http://alertmanager.monitoring.svc.cluster.local:9093/api/v2/alerts",
    );
    expect(`${loki.hostport}${loki.endpoint}`).toBe(
      "http://loki-gateway.monitoring.svc.cluster.local:80/loki/api/v1/push",
    );
    expect(alertmanager.minimumpriority).toBe("warning");
    // No CPU limit (the chart's default 1000m is deleted), and no json_output: the chart sets it
    // itself when falcosidekick is on.
    expect((values.resources as Obj).limits).toEqual({ memory: "1Gi", cpu: null });
    expect(values.falco).not.toHaveProperty("json_output");
    expect(values.metrics).toEqual({ enabled: true });
    expect(values.serviceMonitor).toMatchObject({ create: true });
  });

  it("Chaos Mesh talks to k3s's containerd and may only touch the opted-in testing namespace", () => {
    const values = valuesOf(component("chaos-mesh"));
    expect(values.chaosDaemon).toMatchObject({
      runtime: "containerd",
      socketPath: "/run/k3s/containerd/containerd.sock",
    });
    expect(values.clusterScoped).toBe(false);
    expect(values.controllerManager).toMatchObject({
      enableFilterNamespace: true,
      targetNamespace: "testing",
    });
    expect(values.dashboard).toMatchObject({ securityMode: true });
    // Every CRD of the chart's crds/ folder, the daemon's per-pod state kinds included.
    expect(component("chaos-mesh").installsCrds).toEqual(
      expect.arrayContaining([
        "chaos-mesh.org/PodHttpChaos",
        "chaos-mesh.org/PodIOChaos",
        "chaos-mesh.org/PodNetworkChaos",
      ]),
    );
  });

  it("its only experiment is a weekly pod-kill of one labelled pod in testing", () => {
    const experiments = plainObjects(component("chaos-experiments"));
    expect(experiments).toHaveLength(1);
    const [schedule] = experiments;
    expect(schedule?.metadata).toEqual({ name: "weekly-pod-kill", namespace: "testing" });
    expect(schedule?.spec).toMatchObject({
      type: "PodChaos",
      concurrencyPolicy: "Forbid",
      podChaos: {
        action: "pod-kill",
        mode: "one",
        selector: { namespaces: ["testing"], labelSelectors: { [CHAOS_TARGET_LABEL]: "true" } },
      },
    });
  });

  it("Chaos Mesh cannot be aimed at production, nor at any namespace outside the allowed list", () => {
    const experiment = { name: "x", schedule: "0 10 * * 2", selector: { app: "api" } };
    expect(() => podKillSchedule({ ...experiment, namespace: "production" }, ["testing"])).toThrow(
      /production/,
    );
    expect(() =>
      podKillSchedule({ ...experiment, namespace: "production" }, ["testing", "production"]),
    ).toThrow(/production/);
    expect(() => podKillSchedule({ ...experiment, namespace: "staging" }, ["testing"])).toThrow(/staging/);
    expect(() => components({ chaosMesh: { allowedNamespaces: ["testing", "production"] } })).toThrow(
      /production/,
    );
    expect(components({ chaosMesh: { allowedNamespaces: [] } }).map((c) => c.name)).not.toContain(
      "chaos-experiments",
    );
    const multi = valuesOf(
      component("chaos-mesh", { chaosMesh: { allowedNamespaces: ["testing", "staging"] } }),
    );
    expect(multi.clusterScoped).toBe(true);
    expect((multi.controllerManager as Obj).enableFilterNamespace).toBe(true);
  });

  it("Flagsmith reads its database URL from the SOPS secret, never runs the bundled Postgres, keeps analytics there", () => {
    const fs = component("flagsmith");
    const values = valuesOf(fs);
    expect(values.devPostgresql).toEqual({ enabled: false });
    expect(values.pgbouncer).toEqual({ enabled: false });
    // Chart 0.81.0 ships no InfluxDB (its dependencies: devPostgresql, graphite), so an influxdb2 key
    // would be read by nothing; analytics go to PostgreSQL through the task processor instead.
    expect(values).not.toHaveProperty("influxdb2");
    expect(values.UsePostgresForAnalytics).toEqual({ enabled: true });
    expect(values.taskProcessor).toMatchObject({ enabled: true });
    // The chart's SSE autoscaler (on by default) would target a Deployment that does not exist
    expect(values.sse).toEqual({ enabled: false });
    // …while the API scales on CPU from two to six replicas, the chart's HPA owning the replica count.
    expect(values.hpa).toEqual({
      sse: { enabled: false },
      api: { enabled: true, minReplicas: 2, maxReplicas: 6, targetCPUUtilization: 70 },
    });
    expect(values.databaseExternal).toEqual({
      enabled: true,
      urlFromExistingSecret: { enabled: true, name: "flagsmith-credentials", key: "database-url" },
    });
    expect((values.api as Obj).replicacount).toBeNull();
    expect(fs.autoscaling?.pods).toEqual([
      {
        target: "Deployment/flagsmith-api",
        minReplicas: 2,
        maxReplicas: 6,
        utilization: { cpu: 70 },
        via: "chart",
      },
    ]);
    expect((values.api as Obj).secretKeyFromExistingSecret).toMatchObject({ enabled: true });
    expect(fs.secrets).toEqual([
      { name: "flagsmith-credentials", keys: ["database-url", "django-secret-key"] },
    ]);
    expect(JSON.stringify(values)).not.toMatch(/postgres:\/\/|password/i);
  });

  it("Flagsmith gives the API's migrate-db init container resources and drops the chart's unused DATABASE_URL Secret", () => {
    const release = plainObjects(component("flagsmith")).find((o) => o.kind === "HelmRelease") as Obj;
    const [renderer] = (release.spec as Obj).postRenderers as Obj[];
    const kustomize = renderer?.kustomize as Obj | undefined;
    const patches = ((kustomize?.patches ?? []) as Obj[]).map((p) => ({
      target: p.target,
      patch: JSON.parse(p.patch as string) as Obj,
    }));
    expect(patches).toEqual([
      {
        target: { kind: "Deployment", name: "flagsmith-api" },
        patch: expect.objectContaining({
          spec: {
            template: {
              spec: {
                initContainers: [
                  {
                    name: "migrate-db",
                    resources: { requests: { cpu: "100m", memory: "256Mi" }, limits: { memory: "512Mi" } },
                  },
                ],
              },
            },
          },
        }),
      },
      {
        target: { kind: "Secret", name: "flagsmith" },
        patch: { $patch: "delete", apiVersion: "v1", kind: "Secret", metadata: { name: "flagsmith" } },
      },
    ]);
  });

  it("no chart of the package keeps a CPU limit: Cilium's CNI installer, Trivy's server and Falco delete the defaults", () => {
    const cilium = valuesOf(component("cilium"));
    expect(((cilium.cni as Obj).resources as Obj).limits).toEqual({ memory: "1Gi", cpu: null });
    // Every agent init container but install-cni-binaries reads initResources (empty by default).
    expect(cilium.initResources).toEqual({
      requests: { cpu: "10m", memory: "64Mi" },
      limits: { memory: "256Mi" },
    });
    const trivy = valuesOf(component("trivy-operator"));
    expect((((trivy.trivy as Obj).server as Obj).resources as Obj).limits).toEqual({
      memory: "1Gi",
      cpu: null,
    });
  });

  it("Cilium declares the CRDs its operator registers at runtime, with the reason, and trusts no CRD blindly", () => {
    const c = component("cilium");
    expect(c.installsCrds).toEqual([...CILIUM_CRDS]);
    expect(c.chartCheck?.crdsAtRuntime).toMatch(/cilium-operator registers/);
    expect((valuesOf(c).prometheus as Obj).serviceMonitor).toEqual({ enabled: true });
  });

  it("given monitoring off, no chart asks for Prometheus Operator CRDs and the cluster needs no monitoring", async () => {
    const cs = components({ ...chaosInTesting, monitoring: false });
    expect(cs.flatMap((c) => c.usesCrds ?? [])).toEqual([]);
    expect(
      (valuesOf(component("cilium", { monitoring: false })).prometheus as Obj).serviceMonitor,
    ).toMatchObject({
      enabled: false,
    });
    await expectValidates({
      namespaces: [kubeSystem({ ...chaosInTesting, monitoring: false }), environmentsStandIn],
    });
  });

  it("given EKS, Cilium stays out and Chaos Mesh uses the stock containerd socket", () => {
    const eks: ClusterSettings = { ...settings, distribution: "eks", nodes: [], loadBalancerPool: [] };
    const names = components({}, eks).map((c) => c.name);
    expect(names).not.toContain("cilium");
    expect(valuesOf(component("chaos-mesh", {}, eks)).chaosDaemon).toMatchObject({
      socketPath: "/run/containerd/containerd.sock",
    });
  });

  describe("Karpenter", () => {
    const eks: ClusterSettings = {
      ...settings,
      distribution: "eks",
      nodes: [],
      loadBalancerPool: [],
      eks: { region: "eu-central-1", kubernetesVersion: "1.36" },
    };
    const build = (opts: KubeSystemOptions = {}, s: ClusterSettings = eks) =>
      kubeSystemComponents(s, opts, buildContextOf("dr", s));

    it("given an EKS cluster, when built, then its CRDs, controller and node pools are separate components in order", () => {
      const names = build().map((c) => c.name);
      expect(names.slice(-3)).toEqual(["karpenter-crd", "karpenter", "karpenter-node-pools"]);
      expect(build()[names.indexOf("karpenter-crd")]?.installsCrds).toEqual(KARPENTER_CRDS);
      const controller = build().find((c) => c.name === "karpenter");
      const release = controller?.objects.find((o) => o.kind === "HelmRelease");
      expect((toPlain(release ?? { apiVersion: "", kind: "" }).spec as Obj).install).toMatchObject({
        crds: "Skip",
      });
    });

    it("given k3s, or an EKS cluster whose settings turn Karpenter off, when built, then there is no Karpenter", () => {
      expect(
        kubeSystemComponents(settings, {}, buildContextOf("onprem", settings)).map((c) => c.name),
      ).not.toContain("karpenter");
      const off = {
        ...eks,
        eks: { region: "eu-central-1", kubernetesVersion: "1.36", karpenter: false as const },
      };
      expect(build({}, off).map((c) => c.name)).not.toContain("karpenter");
      expect(() => build({ karpenter: {} }, off)).toThrow(/settings\.eks\.karpenter is not false/);
    });

    it("given workload classes, when built, then each gets a NodePool and EC2NodeClass of its name with its limits and taint", () => {
      const pools = build({
        karpenter: {
          workloadClasses: {
            gpu: { limits: { cpu: "16", memory: "64Gi" }, instanceCategories: ["g"], tainted: true },
          },
        },
      }).find((c) => c.name === "karpenter-node-pools");
      const objects = plainObjects(pools ?? { name: "", namespace: "", objects: [] });
      expect(objects.map((o) => `${o.kind}/${(o.metadata as Obj).name}`)).toEqual([
        "EC2NodeClass/gpu",
        "NodePool/gpu",
      ]);
      const spec = (objects[1]?.spec ?? {}) as Obj;
      expect(spec.limits).toEqual({ cpu: "16", memory: "64Gi" });
      expect((spec.template as Obj).spec).toMatchObject({
        taints: [{ key: "helix.ai/workload-class", value: "gpu", effect: "NoSchedule" }],
      });
      expect(pools?.autoscaling?.nodes).toEqual([
        {
          engine: "karpenter",
          pool: "gpu",
          nodes: "on-demand EC2 (g; generation > 5; amd64)",
          limits: { cpu: "16", memory: "64Gi" },
          taints: ["helix.ai/workload-class=gpu:NoSchedule"],
        },
      ]);
    });
  });

  describe("Linode burst nodes", () => {
    const burstSettings: ClusterSettings = {
      ...settings,
      autoscaling: {
        burst: {
          provider: "linode",
          region: "eu-central",
          instance: { type: "g6-standard-2", cpu: 2, memoryMiB: 4096, hourlyPrice: 0.036, monthlyPrice: 24 },
          maxNodes: 3,
          maxHourlyCost: 0.12,
          apiEndpoint: "k8s.example.org",
        },
      },
    };
    const build = (opts: KubeSystemOptions = { linodeBurst: {} }, s: ClusterSettings = burstSettings) =>
      kubeSystemComponents(s, opts, buildContextOf("onprem", s));
    const objectOf = (c: Component | undefined, kind: string): Obj => {
      const found = c?.objects.find((o) => o.kind === kind);
      if (!found) throw new Error(`no ${kind} in ${c?.name}`);
      return toPlain(found) as Obj;
    };

    it("given the defaults, when built, then there is no burst engine; asked for without burst settings, it is refused", () => {
      expect(build({}).map((c) => c.name)).not.toContain("cluster-autoscaler");
      expect(() => build({ linodeBurst: {} }, settings)).toThrow(
        /linodeBurst needs settings\.autoscaling\.burst/,
      );
    });

    it("given burst settings, when built, then Cluster API, cluster-autoscaler and the pool come in that order", () => {
      const names = build().map((c) => c.name);
      expect(names.slice(-3)).toEqual(["cluster-api", "cluster-autoscaler", "linode-burst-nodes"]);
      const capi = build().find((c) => c.name === "cluster-api");
      expect(capi?.installsCrds).toEqual(CLUSTER_API_CRDS);
      expect(capi?.healthChecks?.map((h) => `${h.kind}/${h.name}`)).toContain(
        "Deployment/capl-controller-manager",
      );
      const config = JSON.parse(
        ((objectOf(capi, "ConfigMap").data as Obj)["clusterctl.yaml"] as string) ?? "",
      ) as { providers: { name: string; url: string }[] };
      expect(config.providers.map((p) => p.url)).toEqual([
        `https://github.com/kubernetes-sigs/cluster-api/releases/${CLUSTER_API_VERSION}/core-components.yaml`,
        `https://github.com/kubernetes-sigs/cluster-api/releases/${CLUSTER_API_VERSION}/bootstrap-components.yaml`,
        `https://github.com/kubernetes-sigs/cluster-api/releases/${CLUSTER_API_VERSION}/control-plane-components.yaml`,
        `https://github.com/linode/cluster-api-provider-linode/releases/${CAPL_VERSION}/infrastructure-components.yaml`,
      ]);
    });

    it("given burst settings, when built, then cluster-autoscaler drives the pool through Cluster API within its bounds", () => {
      const ca = build().find((c) => c.name === "cluster-autoscaler");
      const values = valuesOf(ca ?? { name: "", namespace: "", objects: [] });
      expect(values).toMatchObject({
        cloudProvider: "clusterapi",
        clusterAPIMode: "incluster-incluster",
        autoDiscovery: { clusterName: "onprem", namespace: "kube-system" },
      });
      expect(values.extraArgs).toMatchObject({
        "max-nodes-total": nodes.length + 3,
        expander: "least-waste",
      });
      expect(ca?.autoscaling?.nodes).toEqual([
        {
          engine: "cluster-autoscaler",
          pool: "linode-burst",
          nodes: "Linode g6-standard-2 (2 vCPU, 4096 MiB, 0.036 USD/h) in eu-central",
          minNodes: 0,
          maxNodes: 3,
          taints: ["helix.ai/burst=true:NoSchedule"],
        },
      ]);
    });

    it("given burst settings, when built, then the MachineDeployment scales from zero with the nodes' plan, labels and taint", () => {
      const pool = build().find((c) => c.name === "linode-burst-nodes");
      const md = objectOf(pool, "MachineDeployment");
      expect((md.metadata as Obj).annotations).toEqual({
        "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size": "0",
        "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size": "3",
        "capacity.cluster-autoscaler.kubernetes.io/cpu": "2",
        "capacity.cluster-autoscaler.kubernetes.io/memory": "4096Mi",
        "capacity.cluster-autoscaler.kubernetes.io/maxPods": "110",
        "capacity.cluster-autoscaler.kubernetes.io/labels":
          "helix.ai/burst=true,helix.ai/node-pool=linode-burst,node.kubernetes.io/instance-type=g6-standard-2,topology.kubernetes.io/region=eu-central",
        "capacity.cluster-autoscaler.kubernetes.io/taints": "helix.ai/burst=true:NoSchedule",
      });
      expect((md.spec as Obj).replicas).toBeUndefined();
      const template = objectOf(pool, "LinodeMachineTemplate");
      expect(((template.spec as Obj).template as Obj).spec).toMatchObject({
        region: "eu-central",
        type: "g6-standard-2",
        credentialsRef: { name: "linode-api-token", namespace: "kube-system" },
      });
      expect(objectOf(pool, "LinodeCluster").spec).toMatchObject({
        controlPlaneEndpoint: { host: "k8s.example.org", port: 6443 },
        network: { loadBalancerType: "external" },
      });
      expect(pool?.secrets?.map((s) => s.name)).toEqual(["linode-burst-bootstrap"]);
      expect(pool?.autoscaling?.bootstrapSecrets?.[0]).toMatchObject({
        name: "linode-burst-bootstrap",
        k3sVersion: "v1.36.3+k3s1",
      });
    });

    it("given another plan, when built, then the immutable machine template gets a new name", () => {
      const templateName = (s: ClusterSettings) =>
        (
          objectOf(
            build(undefined, s).find((c) => c.name === "linode-burst-nodes"),
            "LinodeMachineTemplate",
          ).metadata as Obj
        ).name;
      const bigger: ClusterSettings = {
        ...burstSettings,
        autoscaling: {
          burst: {
            ...(burstSettings.autoscaling?.burst as NonNullable<
              NonNullable<ClusterSettings["autoscaling"]>["burst"]
            >),
            instance: {
              type: "g6-standard-4",
              cpu: 4,
              memoryMiB: 8192,
              hourlyPrice: 0.072,
              monthlyPrice: 48,
            },
            maxHourlyCost: 0.3,
          },
        },
      };
      expect(templateName(bigger)).not.toBe(templateName(burstSettings));
      expect(templateName(burstSettings)).toMatch(/^linode-burst-[0-9a-f]{8}$/);
    });
  });

  it("given the package alone, when rendered in a neutral cluster, then it validates, kustomize builds and its integrations are off", async () => {
    const report = await expectValidates({ namespaces: [kubeSystem()] });
    const files = [...report.files.keys()];
    expect(files.some((f) => f.startsWith("kube-system/chaos-experiments/"))).toBe(false);
    expect(files).toContain("kube-system/chaos-mesh/helmrelease.yaml");
    expect(report.files.get("kube-system/metrics-server/helmrelease.yaml")).toContain(
      "serviceMonitor:\n      enabled: false",
    );
    const [ns] = kubeSystem().build(settings, buildContextOf("example", settings));
    const integrations = (ns?.components ?? []).flatMap((c) =>
      (c.integrations ?? []).map((i) => [c.name, i.name, i.enabled]),
    );
    expect(integrations).toContainEqual(["chaos-mesh", "chaos-targets", false]);
    expect(integrations.filter(([, name, on]) => name === "monitoring" && on)).toEqual([]);
  });

  it("given the monitoring CRDs and namespace and a testing namespace, when rendered, then monitors and chaos schedules turn on and validate", async () => {
    const report = await expectValidates({
      namespaces: [kubeSystem(chaosInTesting), monitoringStandIn, environmentsStandIn],
    });
    for (const name of ["cilium", "metrics-server", "reloader", "falco", "trivy-operator", "flagsmith"])
      expect(report.files.get(`kube-system/${name}/ks.yaml`), name).toContain(
        "name: prometheus-operator-crds",
      );
    expect(report.files.get("kube-system/chaos-experiments/schedule-weekly-pod-kill.yaml")).toContain(
      "namespace: testing",
    );
    const [ns] = kubeSystem(chaosInTesting).build(settings, integrated);
    const off = (ns?.components ?? []).flatMap((c) => (c.integrations ?? []).filter((i) => !i.enabled));
    expect(off).toEqual([]);
  });

  it("given monitoring: true without the monitoring package, when validated, then one line names what to add", async () => {
    await expect(expectValidates({ namespaces: [kubeSystem({ monitoring: true })] })).rejects.toThrow(
      /monitoring integration is on but no component installs monitoring\.coreos\.com\/ServiceMonitor: add @helix-cluster\/monitoring or set monitoring: false/,
    );
  });

  it("given allowed chaos namespaces the cluster lacks, when built, then no schedule is rendered and the status says why", () => {
    const bare = buildContextOf("example", settings);
    const cs = kubeSystemComponents(settings, chaosInTesting, bare);
    expect(cs.map((c) => c.name)).not.toContain("chaos-experiments");
    expect(cs.find((c) => c.name === "chaos-mesh")?.integrations).toEqual([
      {
        name: "chaos-targets",
        enabled: false,
        reason: "auto: off, no namespace of chaosMesh.allowedNamespaces (testing) is in the cluster",
        missing: [],
      },
    ]);
  });

  it("given false for each optional service, when built, then only Cilium remains", () => {
    const cs = components({
      metricsServer: false,
      reloader: false,
      falco: false,
      trivyOperator: false,
      chaosMesh: false,
      flagsmith: false,
    });
    expect(cs.map((c) => c.name)).toEqual(["cilium", "cilium-config"]);
  });

  it("given a PostgreSQL database flagsmith in the cluster, when rendered, then Flagsmith uses it and Flux applies it after its provider", async () => {
    const database = databaseHandle(POSTGRES, {
      endpoint: { namespace: "data-plane", service: "postgres", port: 5432, scheme: "postgres" },
      database: "flagsmith",
      user: "flagsmith",
      credentials: { namespace: "data-plane", name: "postgres-flagsmith", key: "password" },
    });
    const postgres = crdStandIn({ namespace: "data-plane", component: "postgres", provides: [database] });
    const report = await expectValidates({ namespaces: [kubeSystem(), postgres] });
    expect(report.files.get("kube-system/flagsmith/ks.yaml")).toContain("name: postgres");
    const facts = { types: [], namespaces: [], handles: [database] };
    const fs = kubeSystemComponents(settings, {}, buildContextOf("example", settings, facts)).find(
      (c) => c.name === "flagsmith",
    );
    expect(fs?.uses).toEqual([database]);
    const other = databaseHandle(POSTGRES, { ...database, database: "other" });
    const unrelated = buildContextOf("example", settings, { ...facts, handles: [other] });
    expect(kubeSystemComponents(settings, {}, unrelated).find((c) => c.name === "flagsmith")?.uses).toEqual(
      [],
    );
  });

  it("given no Alertmanager or Loki in the cluster, Falcosidekick has no outputs; an option names one, or false turns it off", () => {
    const bare = buildContextOf("example", settings);
    const falcoOf = (opts: KubeSystemOptions, context = bare) =>
      kubeSystemComponents(settings, opts, context).find((c) => c.name === "falco");
    const alone = falcoOf({});
    const config = (c: Component | undefined) =>
      (valuesOf(c ?? component("falco")).falcosidekick as Obj).config as Obj;
    expect(config(alone)).not.toHaveProperty("alertmanager");
    expect(config(alone)).not.toHaveProperty("loki");
    expect(
      alone?.integrations?.filter((i) => i.name !== "monitoring").map((i) => [i.name, i.enabled]),
    ).toEqual([
      ["alerts", false],
      ["logs", false],
    ]);
    const named = falcoOf({ falco: { alertmanager: alertmanagerApi } });
    expect((config(named).alertmanager as Obj).hostport).toBe(
      "http://alertmanager.monitoring.svc.cluster.local:9093",
    );
    const off = falcoOf({ falco: { alertmanager: false, loki: false } }, integrated);
    expect(config(off)).not.toHaveProperty("alertmanager");
    expect(off?.integrations?.find((i) => i.name === "logs")?.reason).toBe("off: option falco.loki is false");
  });

  it("a build that targets production fails the cluster instead of rendering", async () => {
    await expect(
      expectValidates({
        namespaces: [kubeSystem({ chaosMesh: { allowedNamespaces: ["production"] } }), environmentsStandIn],
      }),
    ).rejects.toThrow(/@helix-cluster\/kube-system.*namespace production can never be a chaos target/s);
  });
});
