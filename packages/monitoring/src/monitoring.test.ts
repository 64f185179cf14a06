import { join } from "node:path";
import {
  assembleCluster,
  buildContextOf,
  type ClusterFacts,
  type ClusterSettings,
  type Component,
  clusterIssuer,
  databaseHandle,
  defineCluster,
  endpointUrl,
  GRAFANA_DASHBOARD_LABEL,
  ingressClass,
  type JsonValue,
  MYSQL,
  type NamespacePackage,
  RABBITMQ,
  REDIS,
  toPlain,
} from "@helix-cluster/core";
import {
  crdStandIn,
  expectValidates,
  kustomizationFolders,
  kustomizeBuild,
  neutralSettings,
  resourceMetricsStandIn,
  testCluster,
} from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  alertmanagerConfig,
  DATASOURCE_UID,
  GRAFANA_ADMIN_SECRET,
  K3S_SHARED_REGISTRY_FAMILIES,
  KAFKA_PARTITIONS,
  type MonitoringOptions,
  monitoring,
  monitoringHandles,
  ONCALL_CHART_VERSION,
  ONCALL_WEBHOOK_SECRET,
  PLATFORM_ALERTS,
  PROMETHEUS_OPERATOR_CRDS,
  ROLLOUT_OPERATOR_CRDS,
} from "./index.js";

const rack = (name: string, role: "server" | "agent", zone: string, address: string) => ({
  name,
  role,
  address,
  labels: { "topology.kubernetes.io/zone": zone },
});

// Neutral settings (the unit tests only build; no key is read), on three racks.
const racks = [
  rack("s1", "server", "rack-a", "192.0.2.11"),
  rack("s2", "server", "rack-b", "192.0.2.12"),
  rack("s3", "server", "rack-c", "192.0.2.13"),
  rack("a1", "agent", "rack-a", "192.0.2.21"),
];
const settings: ClusterSettings = neutralSettings("age1unused", { nodes: racks });

/** The databases a data plane provides to Grafana and OnCall (what @helix-cluster/data-plane publishes). */
const dataPlaneHandles = {
  grafana: databaseHandle(MYSQL, {
    endpoint: { namespace: "data-plane", service: "mysql", port: 6446, scheme: "mysql" },
    database: "grafana",
    user: "grafana",
    credentials: { namespace: "data-plane", name: "mysql-user-grafana", key: "password" },
  }),
  oncall: databaseHandle(MYSQL, {
    endpoint: { namespace: "data-plane", service: "mysql", port: 6446, scheme: "mysql" },
    database: "oncall",
    user: "oncall",
    credentials: { namespace: "data-plane", name: "mysql-user-oncall", key: "password" },
  }),
  redis: databaseHandle(REDIS, {
    endpoint: { namespace: "data-plane", service: "redis-master", port: 6379, scheme: "redis" },
    credentials: { namespace: "data-plane", name: "redis-auth", key: "password" },
  }),
  rabbitmq: databaseHandle(RABBITMQ, {
    endpoint: { namespace: "data-plane", service: "rabbitmq", port: 5672, scheme: "amqp" },
    database: "oncall",
    user: "oncall",
    credentials: { namespace: "data-plane", name: "rabbitmq-user-oncall", key: "password" },
  }),
};
/** Cluster facts with the data plane's handles: Grafana on MySQL, OnCall on. */
const withDataPlane: ClusterFacts = {
  types: [],
  namespaces: ["data-plane", "monitoring"],
  handles: Object.values(dataPlaneHandles),
};
/** A stand-in for the data plane's components that provide those handles. */
const dataPlaneStandIn = (): NamespacePackage =>
  crdStandIn({ namespace: "data-plane", component: "databases", provides: Object.values(dataPlaneHandles) });
const RUNBOOKS = "https://git.example.org/platform/RUNBOOKS.md";
const options: MonitoringOptions = { runbookBaseUrl: RUNBOOKS };

type Obj = { [k: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);
/** Value at a path of plain JSON (undefined when absent). */
function at(v: JsonValue | undefined, ...path: (string | number)[]): JsonValue | undefined {
  let cur = v;
  for (const k of path) {
    if (typeof k === "number") cur = Array.isArray(cur) ? cur[k] : undefined;
    else cur = isObj(cur) ? cur[k] : undefined;
  }
  return cur;
}

const components = (
  s: ClusterSettings = settings,
  opts: MonitoringOptions = options,
  facts: ClusterFacts = withDataPlane,
): readonly Component[] => monitoring(opts).build(s, buildContextOf("test", s, facts))[0]?.components ?? [];
const component = (
  name: string,
  s: ClusterSettings = settings,
  opts: MonitoringOptions = options,
): Component => {
  const c = components(s, opts).find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
};
const plainObjects = (c: Component): Obj[] => c.objects.map((o) => toPlain(o) as Obj);
/** spec.values of the HelmRelease of a chart component. */
const values = (name: string, s: ClusterSettings = settings, opts: MonitoringOptions = options): Obj => {
  const release = plainObjects(component(name, s, opts)).find((o) => o.kind === "HelmRelease");
  const v = at(release, "spec", "values");
  if (!isObj(v)) throw new Error(`no HelmRelease values in ${name}`);
  return v;
};
/** spec.values of a rendered HelmRelease file. */
const yamlValues = (files: ReadonlyMap<string, string>, path: string): Obj => {
  const text = files.get(path);
  if (text === undefined)
    throw new Error(
      `no rendered file ${path}: ${[...files.keys()].filter((p) => p.startsWith("monitoring/")).join(", ")}`,
    );
  const v = at(parse(text) as JsonValue, "spec", "values");
  if (!isObj(v)) throw new Error(`no values in ${path}`);
  return v;
};
const str = (v: JsonValue | undefined): string => (typeof v === "string" ? v : "");
const num = (v: JsonValue | undefined, fallback: number): number => (typeof v === "number" ? v : fallback);

/**
 * "service:port" of every Service the package makes exist: the Service objects it renders, plus those
 * its charts create, by each chart's naming rule (<fullnameOverride>[-component], ports from its values).
 */
function createdServices(): Set<string> {
  const out = new Set<string>();
  for (const c of components()) {
    for (const o of plainObjects(c)) {
      if (o.kind !== "Service") continue;
      for (const p of (at(o, "spec", "ports") as Obj[] | undefined) ?? []) {
        out.add(`${str(at(o, "metadata", "name"))}:${num(p.port, 0)}`);
      }
    }
  }
  const kps = values("kube-prometheus-stack");
  out.add(`${str(kps.fullnameOverride)}-prometheus:9090`);
  out.add(`${str(kps.fullnameOverride)}-alertmanager:9093`);
  const mimir = values("mimir");
  if (at(mimir, "gateway", "enabledNonEnterprise") === true) {
    out.add(`${str(mimir.fullnameOverride)}-gateway:${num(at(mimir, "gateway", "service", "port"), 80)}`);
  }
  const loki = values("loki");
  if (at(loki, "gateway", "enabled") === true) {
    out.add(`${str(loki.fullnameOverride)}-gateway:${num(at(loki, "gateway", "service", "port"), 80)}`);
  }
  const tempo = values("tempo");
  out.add(
    `${str(tempo.fullnameOverride)}-query-frontend:${num(at(tempo, "queryFrontend", "service", "httpMetricsPort"), 3200)}`,
  );
  if (at(tempo, "traces", "otlp", "grpc", "enabled") === true)
    out.add(`${str(tempo.fullnameOverride)}-distributor:4317`);
  const pyroscope = values("pyroscope");
  out.add(
    `${str(at(pyroscope, "pyroscope", "fullnameOverride"))}:${num(at(pyroscope, "pyroscope", "service", "port"), 4040)}`,
  );
  for (const name of ["alloy-otlp", "alloy-logs"]) {
    const alloy = values(name);
    out.add(`${str(alloy.fullnameOverride)}:12345`);
    for (const p of (at(alloy, "alloy", "extraPorts") as Obj[] | undefined) ?? []) {
      out.add(`${str(alloy.fullnameOverride)}:${num(p.port, 0)}`);
    }
  }
  out.add(`${str(values("grafana").fullnameOverride)}:80`);
  out.add(`${str(values("oncall").fullnameOverride)}-engine:8080`);
  return out;
}

/** "service:port" of an in-cluster URL of the monitoring namespace (fails for any other). */
const inMonitoring = (url: string): string => {
  const u = new URL(url);
  const [name, namespace, svc, ...domain] = u.hostname.split(".");
  expect([namespace, svc, domain.join(".")], url).toEqual(["monitoring", "svc", "cluster.local"]);
  return `${name}:${u.port || 80}`;
};
const urlOf = (e: Parameters<typeof endpointUrl>[0]) => endpointUrl(e, "cluster.local");

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

describe("monitoring package", () => {
  it("installs the prometheus-operator CRDs first, and the stack and rule users depend on that component only", () => {
    const [ns] = monitoring(options).build(settings, buildContextOf("test", settings, withDataPlane));
    expect(ns?.name).toBe("monitoring");
    expect(ns?.labels?.["pod-security.kubernetes.io/enforce"]).toBe("privileged");
    const first = ns?.components[0];
    expect(first?.name).toBe("prometheus-operator-crds");
    expect([...(first?.installsCrds ?? [])].sort()).toEqual([...PROMETHEUS_OPERATOR_CRDS].sort());
    expect(PROMETHEUS_OPERATOR_CRDS).toHaveLength(10);
    expect(values("kube-prometheus-stack").crds).toEqual({ enabled: false });

    const assembled = assembleCluster(
      defineCluster({
        name: "t",
        settings,
        namespaces: [monitoring(options), resourceMetricsStandIn(), dataPlaneStandIn(), ...ingressAndIssuers],
      }),
    );
    const dependsOn = (name: string) =>
      at(
        assembled.objects.find((o) => o.id === `Kustomization/flux-system/${name}`)?.object,
        "spec",
        "dependsOn",
      );
    for (const name of ["kube-prometheus-stack", "platform-rules", "mimir", "loki", "alloy-otlp"]) {
      expect(dependsOn(name), name).toEqual([{ name: "prometheus-operator-crds" }]);
    }
    // The databases Grafana and OnCall use order them after their provider.
    for (const name of ["grafana", "oncall"])
      expect(dependsOn(name), name).toContainEqual({ name: "databases" });
    expect(dependsOn("tempo")).toEqual([{ name: "prometheus-operator-crds" }, { name: "tempo-kafka" }]);
    expect(dependsOn("prometheus-operator-crds")).toBeUndefined();
    expect(assembled.problems).toEqual([]);
  });

  it("creates a Service for every handle it provides, and provides each from the component that creates it", () => {
    const services = createdServices();
    for (const [key, handle] of Object.entries(monitoringHandles)) {
      expect(services.has(inMonitoring(urlOf(handle))), `${key} → ${urlOf(handle)}`).toBe(true);
    }
    const provided = components().flatMap((c) => (c.provides ?? []).map((h) => h.contract));
    expect([...provided].sort()).toEqual(
      Object.values(monitoringHandles)
        .map((h) => h.contract)
        .sort(),
    );
  });

  it("points every Grafana data source at a Service of the stack, with Mimir as the default and all cross-linked", () => {
    const services = createdServices();
    const datasources = at(values("grafana"), "datasources", "datasources.yaml", "datasources") as Obj[];
    expect(datasources.map((d) => d.type).sort()).toEqual(
      ["alertmanager", "grafana-pyroscope-datasource", "loki", "prometheus", "prometheus", "tempo"].sort(),
    );
    for (const d of datasources) expect(services.has(inMonitoring(str(d.url))), str(d.name)).toBe(true);
    expect(datasources.filter((d) => d.isDefault === true).map((d) => d.uid)).toEqual([DATASOURCE_UID.mimir]);
    const byUid = new Map(datasources.map((d) => [str(d.uid), d]));
    const tempo = byUid.get(DATASOURCE_UID.tempo);
    expect(at(tempo, "jsonData", "tracesToLogsV2", "datasourceUid")).toBe(DATASOURCE_UID.loki);
    expect(at(tempo, "jsonData", "tracesToMetrics", "datasourceUid")).toBe(DATASOURCE_UID.mimir);
    expect(at(tempo, "jsonData", "tracesToProfiles", "datasourceUid")).toBe(DATASOURCE_UID.pyroscope);
    expect(at(tempo, "jsonData", "serviceMap", "datasourceUid")).toBe(DATASOURCE_UID.mimir);
    const derived = at(byUid.get(DATASOURCE_UID.loki), "jsonData", "derivedFields") as Obj[];
    expect(derived.length).toBeGreaterThan(0);
    for (const f of derived) {
      expect(f.datasourceUid).toBe(DATASOURCE_UID.tempo);
      // Grafana expands $VAR in provisioning files: its own ${__value.raw} must be escaped as $${…}.
      expect(f.url).toBe("$${__value.raw}");
    }
    expect(
      at(byUid.get(DATASOURCE_UID.mimir), "jsonData", "exemplarTraceIdDestinations", 0, "datasourceUid"),
    ).toBe(DATASOURCE_UID.tempo);
  });

  it("has Prometheus remote-write everything to Mimir's gateway Service, keeping little locally", () => {
    const spec = at(values("kube-prometheus-stack"), "prometheus", "prometheusSpec");
    const remoteWrite = at(spec, "remoteWrite") as Obj[];
    expect(remoteWrite.map((r) => r.url)).toEqual([urlOf(monitoringHandles.mimirRemoteWrite)]);
    const mimir = values("mimir");
    expect(inMonitoring(str(remoteWrite[0]?.url))).toBe(
      `${str(mimir.fullnameOverride)}-gateway:${num(at(mimir, "gateway", "service", "port"), 80)}`,
    );
    expect(at(spec, "retention")).toBe("2d");
    expect(at(spec, "serviceMonitorSelectorNilUsesHelmValues")).toBe(false);
    expect(at(spec, "ruleSelectorNilUsesHelmValues")).toBe(false);
  });

  it("routes every alert to OnCall, reading the integration URL from a mounted SOPS secret", () => {
    const am = at(values("kube-prometheus-stack"), "alertmanager") as Obj;
    const config = at(am, "config") as Obj;
    expect(config).toEqual(alertmanagerConfig() as unknown as Obj);
    expect(at(config, "route", "receiver")).toBe("oncall");
    const nullRoutes = (at(config, "route", "routes") as Obj[]).map((r) => [r.receiver, r.matchers]);
    expect(nullRoutes).toEqual([
      ["null", ['alertname = "Watchdog"']],
      ["null", ['alertname = "InfoInhibitor"']],
    ]);
    const receiver = (at(config, "receivers") as Obj[]).find((r) => r.name === "oncall");
    const urlFile = str(at(receiver, "webhook_configs", 0, "url_file"));
    expect(urlFile).toBe(`/etc/alertmanager/secrets/${ONCALL_WEBHOOK_SECRET}/url`);
    expect(at(am, "alertmanagerSpec", "secrets")).toEqual([ONCALL_WEBHOOK_SECRET]);
    expect(component("kube-prometheus-stack").secrets).toContainEqual({
      name: ONCALL_WEBHOOK_SECRET,
      keys: ["url"],
    });
    expect(JSON.stringify(config)).not.toMatch(/integrations\/v1/);
  });

  it("scrapes the k3s control plane once: the component jobs that would duplicate it are off", () => {
    const kps = values("kube-prometheus-stack");
    for (const job of ["kubeControllerManager", "kubeScheduler", "kubeProxy", "kubeEtcd", "coreDns"]) {
      expect(at(kps, job, "enabled"), job).toBe(false);
    }
    expect(at(kps, "kubeApiServer", "enabled")).toBe(true);
    expect(at(kps, "kubelet", "enabled")).toBe(true);
    // The chart leaves out the rules of the jobs that are off (the chart check proves a rule switch
    // for them is never read), and Windows monitoring stays at its default, off.
    expect(at(kps, "defaultRules")).toEqual({ create: true });
    expect(at(kps, "windowsMonitoring")).toBeUndefined();
    const relabelings = at(kps, "kubelet", "serviceMonitor", "metricRelabelings") as Obj[];
    const dedup = relabelings.find((r) => r.regex === K3S_SHARED_REGISTRY_FAMILIES);
    expect(dedup).toMatchObject({ action: "drop", sourceLabels: ["__name__"] });
    const dropped = new RegExp(`^(?:${K3S_SHARED_REGISTRY_FAMILIES})$`);
    for (const m of [
      "apiserver_request_total",
      "etcd_request_duration_seconds_bucket",
      "scheduler_pending_pods",
    ]) {
      expect(dropped.test(m), m).toBe(true);
    }
    for (const m of [
      "kubelet_running_pods",
      "container_cpu_usage_seconds_total",
      "kubelet_volume_stats_used_bytes",
    ]) {
      expect(dropped.test(m), m).toBe(false);
    }
  });

  it("reads every S3 credential from a SOPS secret, never from values", () => {
    const backends = { mimir: "mimir", loki: "loki", tempo: "tempo", pyroscope: "pyroscope" } as const;
    const keyRefs = new Set([`\${AWS_ACCESS_KEY_ID}`, `\${AWS_SECRET_ACCESS_KEY}`]);
    const credentialKeys =
      /^(access_key_id|secret_access_key|accessKeyId|secretAccessKey|access_key|secret_key)$/;
    const walk = (v: JsonValue | undefined, path: string, found: string[]): void => {
      if (isObj(v)) {
        for (const [k, x] of Object.entries(v)) {
          if (credentialKeys.test(k)) found.push(`${path}.${k}=${String(x)}`);
          walk(x, `${path}.${k}`, found);
        }
      } else if (Array.isArray(v)) {
        for (const [i, x] of v.entries()) walk(x, `${path}[${i}]`, found);
      }
    };
    for (const [name, backend] of Object.entries(backends)) {
      const v = values(name);
      const found: string[] = [];
      walk(v, name, found);
      for (const f of found) expect(keyRefs.has(f.split("=")[1] ?? ""), f).toBe(true);
      const envFrom = JSON.stringify(v);
      expect(envFrom, name).toContain(`"secretRef":{"name":"${backend}-s3"}`);
      expect(component(name).secrets, name).toContainEqual({
        name: `${backend}-s3`,
        keys: ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"],
      });
    }
    // Tempo names no key at all: its S3 client takes AWS_* from the environment.
    const tempoS3 = at(values("tempo"), "storage", "trace", "s3") as Obj;
    expect(Object.keys(tempoS3).sort()).toEqual([
      "bucket",
      "endpoint",
      "forcepathstyle",
      "insecure",
      "region",
    ]);
  });

  it("stores each signal in its settings bucket, path-style on the S3-compatible endpoint", () => {
    const common = at(values("mimir"), "mimir", "structuredConfig", "common", "storage", "s3");
    expect(common).toMatchObject({
      bucket_name: "example-metrics",
      endpoint: "s3.example.org",
      insecure: false,
      bucket_lookup_type: "path",
    });
    expect(at(values("loki"), "loki", "storage")).toMatchObject({
      bucketNames: { chunks: "example-logs" },
      s3: { endpoint: "s3.example.org", s3ForcePathStyle: true },
    });
    expect(at(values("tempo"), "storage", "trace", "s3")).toMatchObject({
      bucket: "example-traces",
      forcepathstyle: true,
    });
    expect(at(values("pyroscope"), "pyroscope", "structuredConfig", "storage", "s3")).toMatchObject({
      bucket_name: "example-profiles",
      bucket_lookup_type: "path-style",
    });
    const aws = {
      ...settings,
      buckets: { ...settings.buckets, metrics: { bucket: "m", region: "eu-central-1" } },
    };
    expect(at(values("mimir", aws), "mimir", "structuredConfig", "common", "storage", "s3", "endpoint")).toBe(
      "s3.eu-central-1.amazonaws.com",
    );
    const { logs: _, ...otherBuckets } = settings.buckets ?? {};
    const noLogs = { ...settings, buckets: otherBuckets };
    const assembled = assembleCluster(
      defineCluster({ name: "t", settings: noLogs, namespaces: [monitoring(), resourceMetricsStandIn()] }),
    );
    expect(assembled.problems.map((p) => p.message).join("\n")).toMatch(
      /settings\.buckets\.logs.*monitoring option buckets\.logs/,
    );
    // Given other slot names, when the options name them, then each store reads its slot.
    const helixSlots = {
      ...settings,
      buckets: { ...settings.buckets, observabilityMetrics: { bucket: "slot-m", region: "eu-central-1" } },
    };
    const named = values("mimir", helixSlots, { buckets: { metrics: "observabilityMetrics" } });
    expect(at(named, "mimir", "structuredConfig", "common", "storage", "s3", "bucket_name")).toBe("slot-m");
  });

  it("runs Mimir in the classic architecture, three zones pinned to the three racks, rollout-operator CRDs declared", () => {
    const c = component("mimir");
    expect([...(c.installsCrds ?? [])]).toEqual([...ROLLOUT_OPERATOR_CRDS]);
    const v = values("mimir");
    expect(at(v, "kafka", "enabled")).toBe(false);
    expect(at(v, "mimir", "structuredConfig", "ingest_storage", "enabled")).toBe(false);
    expect(at(v, "mimir", "structuredConfig", "ingester", "ring", "replication_factor")).toBe(3);
    const zones = at(v, "ingester", "zoneAwareReplication", "zones") as Obj[];
    expect(zones.map((z) => at(z, "nodeSelector", "topology.kubernetes.io/zone"))).toEqual([
      "rack-a",
      "rack-b",
      "rack-c",
    ]);
    expect(at(values("loki"), "loki", "commonConfig", "replication_factor")).toBe(3);
  });

  it("feeds Tempo through a three-broker Kafka with one block-builder and live-store per partition", () => {
    const tempo = values("tempo");
    expect(at(tempo, "ingest", "kafka", "address")).toBe("tempo-kafka.monitoring.svc.cluster.local:9092");
    // Given another cluster domain, then every in-cluster name follows it.
    const other = { ...settings, clusterDomain: "cluster.example" };
    expect(at(values("tempo", other), "ingest", "kafka", "address")).toBe(
      "tempo-kafka.monitoring.svc.cluster.example:9092",
    );
    expect(JSON.stringify(components(other).map((c) => c.objects.map(toPlain)))).not.toContain(
      "cluster.local",
    );
    expect(at(tempo, "ingest", "kafka", "auto_create_topic_default_partitions")).toBe(KAFKA_PARTITIONS);
    expect(at(tempo, "blockBuilder", "replicas")).toBe(KAFKA_PARTITIONS);
    expect(at(tempo, "liveStore", "replicas")).toBe(KAFKA_PARTITIONS);
    const sts = plainObjects(component("tempo-kafka")).find((o) => o.kind === "StatefulSet");
    expect(at(sts, "spec", "replicas")).toBe(KAFKA_PARTITIONS);
    const env = at(sts, "spec", "template", "spec", "containers", 0, "env") as Obj[];
    const voters = str(env.find((e) => e.name === "KAFKA_CONTROLLER_QUORUM_VOTERS")?.value).split(",");
    expect(voters).toHaveLength(KAFKA_PARTITIONS);
    expect(env[0]?.name).toBe("POD_NAME");
  });

  it("gives Tempo's backend workers the PodDisruptionBudget values chart 3.3.0 reads but does not default", () => {
    // Given the tempo release, when more than one backend worker runs behind the scheduler
    const tempo = values("tempo");
    expect(at(tempo, "backendScheduler", "enabled")).toBe(true);
    expect(num(at(tempo, "backendWorker", "replicas"), 1)).toBeGreaterThan(1);
    // Then the keys the chart's PodDisruptionBudget template dereferences are set (nil pointer otherwise)
    expect(at(tempo, "backendWorker", "podDisruptionBudget", "enabled")).toBe(true);
    expect(at(tempo, "backendWorker", "maxUnavailable")).toBe(1);
  });

  it("sets only what the charts read: Loki's compactor claim, exporter resources, no persistence Tempo's scheduler lacks", () => {
    const loki = values("loki");
    // The chart's default claims list wins over compactor.persistence.size: the claim carries the size.
    expect(at(loki, "compactor", "persistence")).toEqual({
      enabled: true,
      claims: [{ name: "data", size: "10Gi" }],
    });
    // The sidecars of the gateway (access-log exporter) and of both memcached caches have resources.
    for (const exporter of [
      at(loki, "gateway", "metrics", "resources"),
      at(loki, "memcachedExporter", "resources"),
    ])
      expect(exporter).toEqual({ requests: { cpu: "10m", memory: "32Mi" }, limits: { memory: "64Mi" } });
    expect(at(loki, "loki", "storage", "bucketNames")).toEqual({ chunks: "example-logs" });
    // Chart 3.3.0 gives the backend scheduler an emptyDir: no persistence to set.
    expect(at(values("tempo"), "backendScheduler", "persistence")).toBeUndefined();
    expect(at(values("grafana"), "initChownData")).toBeUndefined();
  });

  it("ships the platform alert rules as PrometheusRules, each with a severity and the runbook under the base URL", () => {
    const rules = plainObjects(component("platform-rules"));
    expect(rules.every((r) => r.kind === "PrometheusRule")).toBe(true);
    const all = rules.flatMap((r) => (at(r, "spec", "groups", 0, "rules") as Obj[]) ?? []);
    const names = all.map((r) => r.alert);
    for (const a of [
      "NodeDown",
      "NodeDiskFillingUp",
      "PodCrashLooping",
      "FluxReconciliationFailing",
      "CertificateExpiringSoon",
      "VeleroBackupFailed",
    ]) {
      expect(names, a).toContain(a);
    }
    for (const r of all) {
      expect(["critical", "warning"], str(r.alert)).toContain(at(r, "labels", "severity"));
      expect(str(at(r, "annotations", "runbook_url")), str(r.alert)).toBe(
        `${RUNBOOKS}#${str(r.alert).toLowerCase()}`,
      );
    }
    // Given no runbook base URL (the neutral default), then no rule links anywhere.
    const neutral = components(settings, {})
      .find((c) => c.name === "platform-rules")
      ?.objects.map(toPlain);
    expect(JSON.stringify(neutral)).not.toContain("runbook_url");
    const expr = (name: string) => str(all.find((r) => r.alert === name)?.expr);
    expect(expr("FluxReconciliationFailing")).toMatch(/gotk_reconcile_condition/);
    expect(expr("FluxReconciliationFailing")).toMatch(/flux_resource_info/);
    expect(expr("CertificateExpiringSoon")).toMatch(/certmanager_certificate_expiration_timestamp_seconds/);
    expect(expr("VeleroBackupFailed")).toMatch(/velero_backup_failure_total/);
    expect(Object.values(PLATFORM_ALERTS).flat()).toHaveLength(all.length);
  });

  it("provisions dashboards as code through the sidecar, admin credentials from a SOPS secret", () => {
    const g = values("grafana");
    expect(at(g, "sidecar", "dashboards")).toMatchObject({
      enabled: true,
      label: GRAFANA_DASHBOARD_LABEL,
      searchNamespace: ["ALL"],
    });
    expect(at(g, "admin", "existingSecret")).toBe(GRAFANA_ADMIN_SECRET);
    expect(component("grafana").secrets).toContainEqual({
      name: GRAFANA_ADMIN_SECRET,
      keys: ["admin-user", "admin-password"],
    });
    const dashboards = plainObjects(component("grafana")).filter(
      (o) => o.kind === "ConfigMap" && at(o, "metadata", "labels", GRAFANA_DASHBOARD_LABEL) === "1",
    );
    const titles = dashboards.map((d) => {
      const data = at(d, "data") as Obj;
      return JSON.parse(str(Object.values(data)[0])).title;
    });
    expect(titles.sort()).toEqual(["Flux reconciliation", "Platform overview"]);
    expect(at(values("kube-prometheus-stack"), "grafana", "forceDeployDashboards")).toBe(true);
  });

  it("makes Alloy the OTLP endpoint: traces to Tempo, span metrics to Mimir, pod logs to Loki", () => {
    const otlp = values("alloy-otlp");
    const config = str(at(otlp, "alloy", "configMap", "content"));
    expect(config).toContain('otelcol.connector.spanmetrics "default"');
    expect(config).toContain('otelcol.connector.servicegraph "default"');
    expect(config).toContain('routing_key = "traceID"');
    expect(config).toContain('endpoint = "tempo-distributor.monitoring.svc.cluster.local:4317"');
    expect(config).toContain(`url = "${urlOf(monitoringHandles.mimirRemoteWrite)}"`);
    expect(config).toContain(`url = "${urlOf(monitoringHandles.pyroscope)}"`);
    expect(config).toContain(`endpoint = "${urlOf(monitoringHandles.lokiQuery)}/otlp"`);
    const logs = str(at(values("alloy-logs"), "alloy", "configMap", "content"));
    expect(logs).toContain(`url = "${urlOf(monitoringHandles.lokiPush)}"`);
    expect(logs).toContain("stage.cri { }");
    expect(at(values("alloy-logs"), "controller", "type")).toBe("daemonset");
    for (const name of ["alloy-otlp", "alloy-logs"]) {
      expect(at(values(name), "crds", "create"), name).toBe(false);
      expect(component(name).installsCrds, name).toEqual([]);
    }
  });

  it("pins the archived OnCall chart and points it at the data plane's handles instead of its Bitnami subcharts", () => {
    const release = plainObjects(component("oncall")).find((o) => o.kind === "HelmRelease");
    expect(at(release, "spec", "chart", "spec", "version")).toBe(ONCALL_CHART_VERSION);
    expect(ONCALL_CHART_VERSION).toMatch(/^\d+\.\d+\.\d+$/);
    const v = values("oncall");
    for (const sub of [
      "mariadb",
      "redis",
      "rabbitmq",
      "postgresql",
      "grafana",
      "ingress-nginx",
      "cert-manager",
    ]) {
      expect(at(v, sub, "enabled"), sub).toBe(false);
    }
    expect(at(v, "externalMysql")).toMatchObject({
      host: "mysql.data-plane.svc.cluster.local",
      port: 6446,
      existingSecret: "oncall-mysql",
    });
    expect(at(v, "externalRabbitmq")).toMatchObject({
      host: "rabbitmq.data-plane.svc.cluster.local",
      existingSecret: "oncall-rabbitmq",
    });
    expect(at(v, "externalRedis")).toMatchObject({
      host: "redis-master.data-plane.svc.cluster.local",
      existingSecret: "oncall-redis",
    });
    expect(JSON.stringify(v)).not.toMatch(/"password":"/);
    // One source per credential: each password copies the handle's credentials Secret key.
    const oncall = component("oncall");
    expect(oncall.uses).toEqual([dataPlaneHandles.oncall, dataPlaneHandles.redis, dataPlaneHandles.rabbitmq]);
    expect(oncall.secrets?.find((s) => s.name === "oncall-mysql")?.source).toEqual({
      namespace: "data-plane",
      name: "mysql-user-oncall",
      keys: { password: "password" },
    });
    expect(oncall.secrets?.find((s) => s.name === "oncall-redis")?.source?.name).toBe("redis-auth");
    expect(oncall.secrets?.find((s) => s.name === "oncall-rabbitmq")?.source?.name).toBe(
      "rabbitmq-user-oncall",
    );
    const grafana = component("grafana");
    expect(grafana.uses).toEqual([dataPlaneHandles.grafana]);
    expect(grafana.secrets?.find((s) => s.name === "grafana-database")?.source).toEqual({
      namespace: "data-plane",
      name: "mysql-user-grafana",
      keys: { GF_DATABASE_PASSWORD: "password" },
    });
    expect(at(values("grafana"), "grafana.ini", "database", "host")).toBe(
      "mysql.data-plane.svc.cluster.local:6446",
    );
  });

  it("given the package with the data plane, ingress and issuers, when rendered twice, then the output is byte-identical and kustomize builds", async () => {
    const test = await testCluster({
      namespaces: [monitoring(options), resourceMetricsStandIn(), dataPlaneStandIn(), ...ingressAndIssuers],
    });
    try {
      const first = await test.render();
      const second = await test.render({ write: false });
      expect([...second.files]).toEqual([...first.files]);
      const folders = kustomizationFolders(first.files.keys(), ["monitoring/"]);
      expect(folders.length).toBeGreaterThan(10);
      for (const [folder, built] of kustomizeBuild(join(test.dir, "rendered"), folders))
        expect(built.length, folder).toBeGreaterThan(0);
    } finally {
      await test.dispose();
    }
  });
});

describe("monitoring package composed into a neutral cluster", () => {
  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    // The resource metrics API is part of the cluster (k3s bundles metrics-server); the build
    // context does not tell it, so the HPAs need this stand-in.
    const report = await expectValidates({ namespaces: [monitoring(), resourceMetricsStandIn()] });
    const paths = [...report.files.keys()];
    // Then OnCall stays out (no databases), Grafana keeps its state in SQLite and has no Ingress.
    expect(paths.some((p) => p.startsWith("monitoring/oncall/"))).toBe(false);
    const grafana = yamlValues(report.files, "monitoring/grafana/helmrelease.yaml");
    expect(at(grafana, "replicas")).toBe(1);
    expect(at(grafana, "persistence", "enabled")).toBe(true);
    expect(at(grafana, "grafana.ini", "database")).toBeUndefined();
    expect(at(grafana, "ingress", "enabled")).toBe(false);
    const am = at(
      yamlValues(report.files, "monitoring/kube-prometheus-stack/helmrelease.yaml"),
      "alertmanager",
    );
    expect(at(am, "config", "route", "receiver")).toBe("null");
    expect(at(am, "alertmanagerSpec", "secrets")).toBeUndefined();
  });

  it("given a data plane, ingress classes and issuers, when composed, then Grafana and OnCall integrate with them", async () => {
    const report = await expectValidates({
      namespaces: [monitoring(), resourceMetricsStandIn(), dataPlaneStandIn(), ...ingressAndIssuers],
    });
    expect([...report.files.keys()].some((p) => p.startsWith("monitoring/oncall/"))).toBe(true);
    const grafana = yamlValues(report.files, "monitoring/grafana/helmrelease.yaml");
    // MySQL lets Grafana scale out: its HPA owns the replica count, which the chart then never reads.
    expect(at(grafana, "autoscaling", "minReplicas")).toBe(2);
    expect(at(grafana, "replicas")).toBeUndefined();
    expect(at(grafana, "ingress", "ingressClassName")).toBe("internal");
    expect(at(grafana, "ingress", "annotations", "cert-manager.io/cluster-issuer")).toBe(
      "letsencrypt-production",
    );
    expect(at(grafana, "grafana.ini", "database", "host")).toBe("mysql.data-plane.svc.cluster.local:6446");
  });

  it("given Loki, Tempo, Pyroscope and OnCall set to false, when composed, then they and every reference to them are left out", async () => {
    const off: MonitoringOptions = { loki: false, tempo: false, pyroscope: false, oncall: false };
    const report = await expectValidates({
      namespaces: [monitoring(off), resourceMetricsStandIn(), dataPlaneStandIn()],
    });
    const folders = new Set([...report.files.keys()].map((p) => p.split("/").slice(0, 2).join("/")));
    for (const name of ["loki", "tempo", "tempo-kafka", "pyroscope", "alloy-logs", "oncall"])
      expect(folders.has(`monitoring/${name}`), name).toBe(false);
    for (const name of ["mimir", "grafana", "alloy-otlp", "kube-prometheus-stack"])
      expect(folders.has(`monitoring/${name}`), name).toBe(true);
    const datasources = at(
      yamlValues(report.files, "monitoring/grafana/helmrelease.yaml"),
      "datasources",
      "datasources.yaml",
      "datasources",
    ) as Obj[];
    expect(datasources.map((d) => d.uid)).toEqual([
      DATASOURCE_UID.mimir,
      DATASOURCE_UID.prometheus,
      DATASOURCE_UID.alertmanager,
    ]);
    const otlp = str(
      at(yamlValues(report.files, "monitoring/alloy-otlp/helmrelease.yaml"), "alloy", "configMap", "content"),
    );
    for (const gone of ["tempo", "loki", "pyroscope"])
      expect(otlp, gone).not.toMatch(new RegExp(`"${gone}"`));
  });

  it("given OnCall asked for without its databases, when validated, then each missing one is a problem naming what to add", async () => {
    const failure = expectValidates({ namespaces: [monitoring({ oncall: {} }), resourceMetricsStandIn()] });
    await expect(failure).rejects.toThrow(
      /oncall: OnCall needs MySQL database "oncall": add a package that provides mysql \(e\.g\. @helix-cluster\/data-plane\) or set the monitoring option dataPlane\.mysql/,
    );
    await expect(failure).rejects.toThrow(/OnCall needs a Redis server: .*dataPlane\.redis/);
    await expect(failure).rejects.toThrow(/OnCall needs RabbitMQ user "oncall": .*dataPlane\.rabbitmq/);
  });

  it("given the Grafana Ingress asked for without an ingress class, when validated, then the problem names the package to add", async () => {
    await expect(
      expectValidates({ namespaces: [monitoring({ grafana: { ingress: true } }), resourceMetricsStandIn()] }),
    ).rejects.toThrow(
      /ingress integration is on but .*: add @helix-cluster\/network or set grafana\.ingress: false/,
    );
  });
});
