import { join } from "node:path";
import type { ClusterSettings, Component, KubeObject, NamespacePackage } from "@helix-cluster/core";
import {
  assembleCluster,
  buildContextOf,
  defineCluster,
  toPlain,
  validateCluster,
} from "@helix-cluster/core";
import { crdStandIn, resourceMetricsStandIn } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  controllerServiceName,
  EXTERNAL_RELEASE,
  INTERNAL_RELEASE,
  type NetworkOptions,
  NGINX_APP_PROTECT_CRDS,
  NGINX_INGRESS_CRDS,
  network,
  networkComponents,
  tunnelConfig,
} from "./index.js";

const clusterDir = join(import.meta.dirname, "../../../clusters/helix-onprem");

const settings: ClusterSettings = {
  domain: "helix-ai.net",
  distribution: "k3s",
  k3sVersion: "v1.36.3+k3s1",
  acmeEmail: "platform@helix-ai.net",
  nodes: [
    { name: "k3s-server-1", address: "10.40.0.11", role: "server" },
    { name: "k3s-agent-1", address: "10.40.0.21", role: "agent" },
  ],
  loadBalancerPool: ["10.40.0.240/28"],
  git: { url: "https://github.com/helix-ai/helix-cluster", branch: "main" },
  sopsAgeRecipients: ["age13xg6ut4ndlmk6uqyak22hrrc6zzndtq57fpus5yh3jdckcap23psmfsrws"],
};

const options: NetworkOptions = { clusterName: "helix-onprem" };

/** Stand-in for the monitoring package, which installs the Prometheus Operator CRDs. */
const monitoringCrds: NamespacePackage = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: ["monitoring.coreos.com/ServiceMonitor"],
});

const byName = (components: readonly Component[], name: string): Component => {
  const c = components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
};
const plainOf = (component: Component, kind: string): Record<string, unknown> => {
  const o = component.objects.find((x: KubeObject) => x.kind === kind);
  if (!o) throw new Error(`no ${kind} in ${component.name}`);
  return toPlain(o) as Record<string, unknown>;
};
type Release = {
  spec: { values: unknown; install: { crds: string }; upgrade: { crds: string } } & Record<string, unknown>;
};
const releaseOf = (component: Component): Release => plainOf(component, "HelmRelease") as unknown as Release;

describe("network package", () => {
  it("given the defaults, when built, then External DNS only watches Ingresses of the external class", () => {
    const values = releaseOf(byName(networkComponents(settings, options), "external-dns")).spec.values as {
      sources: string[];
      extraArgs: string[];
      txtOwnerId: string;
      domainFilters: string[];
      policy: string;
    };
    expect(values.extraArgs).toContain("--ingress-class=external");
    expect(values.extraArgs.filter((a) => a.startsWith("--ingress-class"))).toHaveLength(1);
    expect(values.sources).not.toContain("service");
    expect(values.txtOwnerId).toBe("helix-onprem");
    expect(values.domainFilters).toEqual(["helix-ai.net"]);
    expect(values.policy).toBe("sync");
  });

  it("given a renamed external class, when built, then External DNS follows it", () => {
    const opts: NetworkOptions = { ...options, ingress: { externalClass: "public" } };
    const components = networkComponents(settings, opts);
    const dns = releaseOf(byName(components, "external-dns")).spec.values as { extraArgs: string[] };
    expect(dns.extraArgs).toContain("--ingress-class=public");
    const controller = releaseOf(byName(components, EXTERNAL_RELEASE)).spec.values as {
      controller: { ingressClass: { name: string } };
    };
    expect(controller.controller.ingressClass.name).toBe("public");
  });

  it("given the cluster's pool, when built, then the internal controller takes its LoadBalancer IP from it", () => {
    const values = releaseOf(byName(networkComponents(settings, options), INTERNAL_RELEASE)).spec.values as {
      controller: {
        ingressClass: { name: string };
        service: { type: string; annotations: Record<string, string> };
      };
    };
    expect(values.controller.ingressClass.name).toBe("internal");
    expect(values.controller.service.type).toBe("LoadBalancer");
    expect(values.controller.service.annotations["lbipam.cilium.io/ips"]).toBe("10.40.0.241");
    expect(byName(networkComponents(settings, options), INTERNAL_RELEASE).k3s?.disable).toContain(
      "servicelb",
    );
  });

  it("given an EKS cluster, when built, then the internal controller gets an internal AWS load balancer", () => {
    const eks: ClusterSettings = { ...settings, distribution: "eks", loadBalancerPool: [] };
    const values = releaseOf(byName(networkComponents(eks, options), INTERNAL_RELEASE)).spec.values as {
      controller: { service: { type: string; annotations: Record<string, string> } };
    };
    expect(values.controller.service.type).toBe("LoadBalancer");
    expect(values.controller.service.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    });
    // A pinned address would be silently ignored there: it is refused instead
    expect(() =>
      networkComponents(eks, { ...options, ingress: { internalLoadBalancerIp: "10.0.0.5" } }),
    ).toThrow(/internalLoadBalancerIp .* on EKS AWS assigns/);
  });

  it("given an address outside the pool, when built, then it fails with a clear message", () => {
    expect(() =>
      networkComponents(settings, { ...options, ingress: { internalLoadBalancerIp: "192.168.1.10" } }),
    ).toThrow(/outside settings.loadBalancerPool/);
  });

  it("given the tunnel, when built, then every public hostname goes to the external controller's Service", () => {
    const config = tunnelConfig(settings, options);
    const url = `https://${controllerServiceName(EXTERNAL_RELEASE)}.network.svc.cluster.local:443`;
    expect(config.ingress.map((r) => [r.hostname, r.service])).toEqual([
      ["helix-ai.net", url],
      ["*.helix-ai.net", url],
      [undefined, "http_status:404"],
    ]);
    const cloudflared = byName(networkComponents(settings, options), "cloudflared");
    const configMap = plainOf(cloudflared, "ConfigMap") as { data: Record<string, string> };
    expect(JSON.parse(configMap.data["config.yaml"] ?? "")).toEqual(config);
    const deployment = plainOf(cloudflared, "Deployment") as {
      spec: { replicas?: number; template: { spec: { containers: { image: string; env: unknown[] }[] } } };
    };
    // Its HPA owns the replica count (2 to 4 on CPU); Flux re-applying one would fight it.
    expect(deployment.spec.replicas).toBeUndefined();
    expect(plainOf(cloudflared, "HorizontalPodAutoscaler")).toMatchObject({
      spec: { scaleTargetRef: { kind: "Deployment", name: "cloudflared" }, minReplicas: 2, maxReplicas: 4 },
    });
    expect(deployment.spec.template.spec.containers[0]?.image).toMatch(
      /^cloudflare\/cloudflared:\d{4}\.\d+\.\d+$/,
    );
    expect(deployment.spec.template.spec.containers[0]?.env).toEqual([
      { name: "TUNNEL_TOKEN", valueFrom: { secretKeyRef: { name: "cloudflared-tunnel", key: "token" } } },
    ]);
  });

  it("given a tunnel id, when built, then the external hostname is a CNAME to the tunnel", () => {
    const id = "6ff42ae2-765d-4adf-8112-31c55c1551ef";
    const cloudflared = byName(
      networkComponents(settings, { ...options, cloudflared: { tunnelId: id } }),
      "cloudflared",
    );
    expect((plainOf(cloudflared, "DNSEndpoint") as { spec: unknown }).spec).toEqual({
      endpoints: [
        { dnsName: "external.helix-ai.net", recordType: "CNAME", targets: [`${id}.cfargotunnel.com`] },
      ],
    });
    const ext = releaseOf(byName(networkComponents(settings, options), EXTERNAL_RELEASE)).spec.values as {
      controller: { config: { entries: Record<string, string> }; service: { type: string } };
    };
    expect(ext.controller.config.entries["external-status-address"]).toBe("external.helix-ai.net");
    expect(ext.controller.service.type).toBe("ClusterIP");
  });

  it("given both controllers, when built, then only the external one installs the NGINX CRDs", () => {
    const components = networkComponents(settings, options);
    const installers = components.filter((c) =>
      (c.installsCrds ?? []).some((t) => t.startsWith("k8s.nginx.org/")),
    );
    expect(installers.map((c) => c.name)).toEqual([EXTERNAL_RELEASE]);
    // Every CRD of the chart's crds/ folder, App Protect's included: dependsOn is derived from them.
    expect(byName(components, EXTERNAL_RELEASE).installsCrds).toEqual([
      ...NGINX_INGRESS_CRDS,
      ...NGINX_APP_PROTECT_CRDS,
    ]);
    const internal = releaseOf(byName(components, INTERNAL_RELEASE));
    expect([internal.spec.install.crds, internal.spec.upgrade.crds]).toEqual(["Skip", "Skip"]);
    const external = releaseOf(byName(components, EXTERNAL_RELEASE));
    expect([external.spec.install.crds, external.spec.upgrade.crds]).toEqual([
      "CreateReplace",
      "CreateReplace",
    ]);
    expect(byName(components, INTERNAL_RELEASE).usesCrds).toEqual(
      expect.arrayContaining([...NGINX_INGRESS_CRDS]),
    );
    for (const name of [EXTERNAL_RELEASE, INTERNAL_RELEASE]) {
      const c = (releaseOf(byName(components, name)).spec.values as { controller: Record<string, unknown> })
        .controller;
      expect(c).toMatchObject({
        enableSnippets: false,
        autoscaling: { enabled: true, minReplicas: 2 },
        podDisruptionBudget: { enabled: true },
      });
      // The HPA owns the replica count: the chart would not read one.
      expect(c).not.toHaveProperty("replicaCount");
    }
  });

  it("given a k3s cluster, when built, then CoreDNS serves the k3s cluster DNS address from kube-system", () => {
    const release = releaseOf(byName(networkComponents(settings, options), "coredns"));
    expect(release.spec.targetNamespace).toBe("kube-system");
    const values = release.spec.values as {
      service: { clusterIP: string; name: string };
      k8sAppLabelOverride: string;
      servers: { plugins: { name: string; parameters?: string; configBlock?: string }[] }[];
    };
    expect(values.service).toEqual({ name: "kube-dns", clusterIP: "10.43.0.10" });
    const component = byName(networkComponents(settings, options), "coredns");
    expect(component.k3s).toEqual({
      disable: ["coredns"],
      serverConfig: { "cluster-dns": "10.43.0.10", "cluster-domain": "cluster.local" },
    });
    expect(values.k8sAppLabelOverride).toBe("kube-dns");
    const plugins = values.servers[0]?.plugins ?? [];
    expect(plugins.map((p) => p.name)).toEqual(
      expect.arrayContaining([
        "kubernetes",
        "forward",
        "cache",
        "loop",
        "reload",
        "health",
        "ready",
        "prometheus",
      ]),
    );
    expect(plugins.find((p) => p.name === "kubernetes")?.parameters).toMatch(/^cluster\.local /);
    expect(plugins.find((p) => p.name === "forward")?.parameters).toBe(". /etc/resolv.conf");
    expect(plugins.find((p) => p.name === "prometheus")?.parameters).toBe("0.0.0.0:9153");
    expect(plugins.find((p) => p.name === "hosts")?.configBlock).toContain("10.40.0.11 k3s-server-1");
  });

  it("given a bare k3s, when CoreDNS is installed before Flux, then its values create no ServiceMonitor", () => {
    const component = byName(networkComponents(settings, options), "coredns");
    // The bootstrap install is the release Flux adopts: same name, stored in kube-system
    expect(component.bootstrapHelm).toMatchObject({ releaseName: "coredns", namespace: "kube-system" });
    const bootstrap = component.bootstrapHelm?.values as { prometheus: unknown; service: unknown };
    expect(bootstrap.prometheus).toEqual({ service: { enabled: false }, monitor: { enabled: false } });
    expect(bootstrap.service).toEqual({ name: "kube-dns", clusterIP: "10.43.0.10" });
    // While the HelmRelease Flux then reconciles adds the ServiceMonitor, once its CRD exists
    const values = releaseOf(component).spec.values as { prometheus: unknown };
    expect(values.prometheus).toEqual({ service: { enabled: true }, monitor: { enabled: true } });
    expect(component.usesCrds).toEqual(["monitoring.coreos.com/ServiceMonitor"]);
  });

  it("given the coredns chart's 100m CPU limit, when built, then both installs delete it (null) and keep requests and memory limit", () => {
    const component = byName(networkComponents(settings, options), "coredns");
    const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi", cpu: null } };
    expect((releaseOf(component).spec.values as { resources: unknown }).resources).toEqual(resources);
    expect((component.bootstrapHelm?.values as { resources?: unknown } | undefined)?.resources).toEqual(
      resources,
    );
  });

  it("given an EKS cluster, when built, then no CoreDNS is rendered", () => {
    const eks: ClusterSettings = { ...settings, distribution: "eks", loadBalancerPool: [] };
    expect(networkComponents(eks, options).map((c) => c.name)).not.toContain("coredns");
  });

  it("given no cluster name, when built, then it fails with a helpful message", () => {
    expect(() => networkComponents(settings, {} as NetworkOptions)).toThrow(/no cluster name/);
  });

  it("given a cluster, when built without a clusterName option, then External DNS owns records under the cluster's name", () => {
    const [ns] = network().build(settings, buildContextOf("helix-aws-dr", settings));
    const externalDnsRelease = releaseOf(byName([...(ns?.components ?? [])], "external-dns"));
    expect((externalDnsRelease.spec.values as { txtOwnerId?: string }).txtOwnerId).toBe("helix-aws-dr");
  });

  it("given a test cluster with the monitoring CRDs, when validated, then there are no problems", async () => {
    const cluster = defineCluster({
      name: "t",
      settings,
      namespaces: [network(options), monitoringCrds, resourceMetricsStandIn()],
    });
    const assembled = assembleCluster(cluster);
    const { problems } = await validateCluster(assembled, settings, clusterDir);
    expect(problems).toEqual([]);
    const ks = (name: string) =>
      (assembled.objects.find((o) => o.id === `Kustomization/flux-system/${name}`)?.object.spec as {
        dependsOn?: { name: string }[];
      }) ?? {};
    expect(ks(INTERNAL_RELEASE).dependsOn).toEqual([
      { name: EXTERNAL_RELEASE },
      { name: "prometheus-operator-crds" },
    ]);
  });
});
