import type { ClusterSettings, Component, KubeObject, NamespacePackage } from "@helix-cluster/core";
import { buildContextOf, SERVICE_MONITOR, toPlain } from "@helix-cluster/core";
import {
  crdStandIn,
  expectValidates,
  neutralSettings,
  resourceMetricsStandIn,
  throwAwayKey,
} from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
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

const settings: ClusterSettings = neutralSettings((await throwAwayKey()).recipient);

const options: NetworkOptions = { clusterName: "example" };

/** A cluster whose monitoring package installs the ServiceMonitor CRD. */
const monitored = buildContextOf("example", settings, {
  types: [SERVICE_MONITOR],
  namespaces: [],
  handles: [],
});
/** A cluster without it. */
const bare = buildContextOf("example", settings);

/** Stand-in for the monitoring package, which installs the Prometheus Operator CRDs. */
const monitoringCrds: NamespacePackage = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: [SERVICE_MONITOR],
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
    const values = releaseOf(byName(networkComponents(settings, options, monitored), "external-dns")).spec
      .values as {
      sources: string[];
      extraArgs: string[];
      txtOwnerId: string;
      domainFilters: string[];
      policy: string;
    };
    expect(values.extraArgs).toContain("--ingress-class=external");
    expect(values.extraArgs.filter((a) => a.startsWith("--ingress-class"))).toHaveLength(1);
    expect(values.sources).not.toContain("service");
    expect(values.txtOwnerId).toBe("example");
    expect(values.domainFilters).toEqual(["example.org"]);
    expect(values.policy).toBe("sync");
  });

  it("given a renamed external class, when built, then External DNS follows it", () => {
    const opts: NetworkOptions = { ...options, ingress: { externalClass: "public" } };
    const components = networkComponents(settings, opts, monitored);
    const dns = releaseOf(byName(components, "external-dns")).spec.values as { extraArgs: string[] };
    expect(dns.extraArgs).toContain("--ingress-class=public");
    const controller = releaseOf(byName(components, EXTERNAL_RELEASE)).spec.values as {
      controller: { ingressClass: { name: string } };
    };
    expect(controller.controller.ingressClass.name).toBe("public");
  });

  it("given the cluster's pool, when built, then the internal controller takes its LoadBalancer IP from it", () => {
    const values = releaseOf(byName(networkComponents(settings, options, monitored), INTERNAL_RELEASE)).spec
      .values as {
      controller: {
        ingressClass: { name: string };
        service: { type: string; annotations: Record<string, string> };
      };
    };
    expect(values.controller.ingressClass.name).toBe("internal");
    expect(values.controller.service.type).toBe("LoadBalancer");
    expect(values.controller.service.annotations["lbipam.cilium.io/ips"]).toBe("192.0.2.241");
    expect(byName(networkComponents(settings, options, monitored), INTERNAL_RELEASE).k3s?.disable).toContain(
      "servicelb",
    );
  });

  it("given an EKS cluster, when built, then the internal controller gets an internal AWS load balancer", () => {
    const eks: ClusterSettings = { ...settings, distribution: "eks", loadBalancerPool: [] };
    const values = releaseOf(byName(networkComponents(eks, options, monitored), INTERNAL_RELEASE)).spec
      .values as {
      controller: { service: { type: string; annotations: Record<string, string> } };
    };
    expect(values.controller.service.type).toBe("LoadBalancer");
    expect(values.controller.service.annotations).toEqual({
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    });
    // A pinned address would be silently ignored there: it is refused instead
    expect(() =>
      networkComponents(eks, { ...options, ingress: { internalLoadBalancerIp: "10.0.0.5" } }, monitored),
    ).toThrow(/internalLoadBalancerIp .* on EKS AWS assigns/);
  });

  it("given an address outside the pool, when built, then it fails with a clear message", () => {
    expect(() =>
      networkComponents(
        settings,
        { ...options, ingress: { internalLoadBalancerIp: "198.51.100.10" } },
        monitored,
      ),
    ).toThrow(/outside settings.loadBalancerPool/);
  });

  it("given the tunnel, when built, then every public hostname goes to the external controller's Service", () => {
    const config = tunnelConfig(settings, options, "cluster.local");
    const url = `https://${controllerServiceName(EXTERNAL_RELEASE)}.network.svc.cluster.local:443`;
    expect(config.ingress.map((r) => [r.hostname, r.service])).toEqual([
      ["example.org", url],
      ["*.example.org", url],
      [undefined, "http_status:404"],
    ]);
    const cloudflared = byName(networkComponents(settings, options, monitored), "cloudflared");
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
      networkComponents(settings, { ...options, cloudflared: { tunnelId: id } }, monitored),
      "cloudflared",
    );
    expect((plainOf(cloudflared, "DNSEndpoint") as { spec: unknown }).spec).toEqual({
      endpoints: [
        { dnsName: "external.example.org", recordType: "CNAME", targets: [`${id}.cfargotunnel.com`] },
      ],
    });
    const ext = releaseOf(byName(networkComponents(settings, options, monitored), EXTERNAL_RELEASE)).spec
      .values as {
      controller: { config: { entries: Record<string, string> }; service: { type: string } };
    };
    expect(ext.controller.config.entries["external-status-address"]).toBe("external.example.org");
    expect(ext.controller.service.type).toBe("ClusterIP");
  });

  it("given both controllers, when built, then only the external one installs the NGINX CRDs", () => {
    const components = networkComponents(settings, options, monitored);
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
    const release = releaseOf(byName(networkComponents(settings, options, monitored), "coredns"));
    expect(release.spec.targetNamespace).toBe("kube-system");
    const values = release.spec.values as {
      service: { clusterIP: string; name: string };
      k8sAppLabelOverride: string;
      servers: { plugins: { name: string; parameters?: string; configBlock?: string }[] }[];
    };
    expect(values.service).toEqual({ name: "kube-dns", clusterIP: "10.43.0.10" });
    const component = byName(networkComponents(settings, options, monitored), "coredns");
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
    expect(plugins.find((p) => p.name === "hosts")?.configBlock).toContain("192.0.2.11 server-1");
  });

  it("given a bare k3s, when CoreDNS is installed before Flux, then its values create no ServiceMonitor", () => {
    const component = byName(networkComponents(settings, options, monitored), "coredns");
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
    const component = byName(networkComponents(settings, options, monitored), "coredns");
    const resources = { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "256Mi", cpu: null } };
    expect((releaseOf(component).spec.values as { resources: unknown }).resources).toEqual(resources);
    expect((component.bootstrapHelm?.values as { resources?: unknown } | undefined)?.resources).toEqual(
      resources,
    );
  });

  it("given an EKS cluster, when built, then no CoreDNS is rendered", () => {
    const eks: ClusterSettings = { ...settings, distribution: "eks", loadBalancerPool: [] };
    expect(networkComponents(eks, options, monitored).map((c) => c.name)).not.toContain("coredns");
  });

  it("given no cluster name, when built, then it fails with a helpful message", () => {
    expect(() => networkComponents(settings, {} as NetworkOptions, { ...bare, clusterName: "" })).toThrow(
      /no cluster name/,
    );
  });

  it("given a cluster, when built without a clusterName option, then External DNS owns records under the cluster's name", () => {
    const [ns] = network().build(settings, buildContextOf("standby", settings));
    const externalDnsRelease = releaseOf(byName([...(ns?.components ?? [])], "external-dns"));
    expect((externalDnsRelease.spec.values as { txtOwnerId?: string }).txtOwnerId).toBe("standby");
  });

  it("given the package alone with fixed replicas, when rendered in a neutral cluster, then it validates, kustomize builds and no ServiceMonitor is asked for", async () => {
    const fixed: NetworkOptions = {
      ingress: { autoscaling: false },
      cloudflared: { autoscaling: false },
      coreDns: { autoscaling: false },
    };
    const report = await expectValidates({ namespaces: [network(fixed)] });
    const values = parse(report.files.get(`network/${INTERNAL_RELEASE}/helmrelease.yaml`) ?? "") as {
      spec: { values: { prometheus: { serviceMonitor: { create: boolean } } } };
    };
    expect(values.spec.values.prometheus.serviceMonitor.create).toBe(false);
    const coreDns = parse(report.files.get("network/coredns/helmrelease.yaml") ?? "") as {
      spec: { values: { prometheus: unknown } };
    };
    expect(coreDns.spec.values.prometheus).toEqual({
      service: { enabled: false },
      monitor: { enabled: false },
    });
  });

  it("given the package alone with its autoscalers, when validated, then one line asks for a resource metrics server", async () => {
    await expect(expectValidates({ namespaces: [network()] })).rejects.toThrow(
      /HorizontalPodAutoscaler\(s\) read the resource metrics API \(metrics\.k8s\.io\), but no component serves it: enable metrics-server/,
    );
  });

  it("given the monitoring CRDs, when rendered in a neutral cluster, then it validates and the ServiceMonitors wait for the CRDs", async () => {
    const report = await expectValidates({
      namespaces: [network(), monitoringCrds, resourceMetricsStandIn()],
    });
    const ks = (name: string) =>
      (
        parse(report.files.get(`network/${name}/ks.yaml`) ?? "") as {
          spec: { dependsOn?: { name: string }[] };
        }
      ).spec;
    expect(ks(INTERNAL_RELEASE).dependsOn).toEqual([
      { name: EXTERNAL_RELEASE },
      { name: "prometheus-operator-crds" },
    ]);
    for (const name of [EXTERNAL_RELEASE, "external-dns", "coredns"])
      expect(ks(name).dependsOn, name).toContainEqual({ name: "prometheus-operator-crds" });
  });

  it("given monitoring: true without the monitoring package, when validated, then one line names what to add", async () => {
    await expect(
      expectValidates({ namespaces: [network({ monitoring: true }), resourceMetricsStandIn()] }),
    ).rejects.toThrow(
      /monitoring integration is on but no component installs monitoring\.coreos\.com\/ServiceMonitor: add @helix-cluster\/monitoring or set monitoring: false/,
    );
  });

  it("given the monitoring integration, when built, then each component records it and uses the CRD only when on", () => {
    for (const [context, enabled] of [
      [monitored, true],
      [bare, false],
    ] as const) {
      for (const c of networkComponents(settings, options, context)) {
        if (c.name === "cloudflared") continue;
        expect(
          c.integrations?.map((i) => [i.name, i.enabled]),
          c.name,
        ).toEqual([["monitoring", enabled]]);
        expect(c.usesCrds?.includes(SERVICE_MONITOR), c.name).toBe(enabled);
      }
    }
    const off = networkComponents(settings, { ...options, monitoring: false }, monitored);
    expect(off.flatMap((c) => c.integrations ?? []).every((i) => !i.enabled)).toBe(true);
  });

  it("given a cluster domain, when built, then CoreDNS, k3s and the tunnel use it", () => {
    const own = { ...settings, clusterDomain: "example.internal" };
    const components = networkComponents(own, options, buildContextOf("example", own));
    const coreDns = byName(components, "coredns");
    expect(coreDns.k3s?.serverConfig).toMatchObject({ "cluster-domain": "example.internal" });
    const plugins = (
      releaseOf(coreDns).spec.values as { servers: { plugins: { name: string; parameters?: string }[] }[] }
    ).servers[0]?.plugins;
    expect(plugins?.find((p) => p.name === "kubernetes")?.parameters).toBe(
      "example.internal in-addr.arpa ip6.arpa",
    );
    const config = JSON.parse(
      (plainOf(byName(components, "cloudflared"), "ConfigMap") as { data: Record<string, string> }).data[
        "config.yaml"
      ] ?? "",
    ) as { ingress: { service: string }[] };
    expect(config.ingress[0]?.service).toBe(
      `https://${controllerServiceName(EXTERNAL_RELEASE)}.network.svc.example.internal:443`,
    );
  });

  it("given false for the tunnel, External DNS and CoreDNS, when built, then only the ingress controllers remain", () => {
    const components = networkComponents(
      settings,
      { ...options, cloudflared: false, externalDns: false, coreDns: false },
      monitored,
    );
    expect(components.map((c) => c.name)).toEqual([EXTERNAL_RELEASE, INTERNAL_RELEASE]);
  });

  it("given DNS zones, when built, then External DNS writes only in them", () => {
    const components = networkComponents(
      settings,
      { ...options, externalDns: { domainFilters: ["apps.example.org", "example.net"] } },
      monitored,
    );
    const values = releaseOf(byName(components, "external-dns")).spec.values as { domainFilters: string[] };
    expect(values.domainFilters).toEqual(["apps.example.org", "example.net"]);
  });
});
