import { MYSQL, POD_MONITOR, POSTGRES, RABBITMQ, REDIS, SERVICE_MONITOR } from "@helix-cluster/core";
import { buildContextOf, crdStandIn, expectValidates, neutralSettings } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import { type DataPlaneOptions, dataPlane, dataPlaneComponents, dataPlaneHandles } from "./index.js";

const settings = neutralSettings("age1example");

/** The databases, vhost and Redis another helix package (monitoring, kube-system) consumes. */
const appOptions: DataPlaneOptions = {
  mysql: {
    databases: [
      { name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" },
      { name: "oncall", user: "oncall", passwordSecret: "mysql-user-oncall" },
    ],
  },
  rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
  postgres: { databases: [{ name: "flagsmith", user: "flagsmith", passwordSecret: "postgres-flagsmith" }] },
};

const monitoringCrds = crdStandIn({
  namespace: "monitoring",
  component: "prometheus-operator-crds",
  installsCrds: [POD_MONITOR, SERVICE_MONITOR],
});
const certManagerCrds = crdStandIn({
  namespace: "cert-manager",
  component: "cert-manager",
  installsCrds: ["cert-manager.io/Certificate", "cert-manager.io/Issuer"],
});

const componentNames = (opts: DataPlaneOptions): string[] =>
  dataPlaneComponents(settings, opts).map((c) => c.name);

describe("data-plane composed into a neutral cluster", () => {
  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [dataPlane()] });
    // Then nothing of another package is asked for: no ServiceMonitor, no cert-manager Certificate
    const release = report.files.get("data-plane/rabbitmq-cluster-operator/helmrelease.yaml") ?? "";
    expect(release).toContain("useCertManager: false");
    expect(release).toMatch(/serviceMonitor:\n\s+enabled: false/);
    expect(report.files.get("data-plane/velero/helmrelease.yaml")).toMatch(
      /serviceMonitor:\n\s+enabled: false/,
    );
  });

  it("given the apps' databases (two in PostgreSQL) on EKS, when rendered alone, then it validates with the handles it provides", async () => {
    const report = await expectValidates({
      namespaces: [
        dataPlane({
          ...appOptions,
          postgres: {
            databases: [
              { name: "flagsmith", user: "flagsmith", passwordSecret: "postgres-flagsmith" },
              { name: "wiki", user: "wiki", passwordSecret: "postgres-wiki" },
            ],
          },
          velero: { storageClassMapping: { "openebs-hostpath": "gp3" } },
        }),
      ],
      settings: {
        distribution: "eks",
        nodes: [],
        loadBalancerPool: [],
        k3sVersion: undefined,
        eks: { region: "eu-west-1", kubernetesVersion: "1.36" },
      },
    });
    expect(report.files.has("data-plane/postgres/statefulset.yaml")).toBe(true);
    expect(
      [...report.files.keys()].filter((f) => f.startsWith("data-plane/postgres-app-databases/job-")),
    ).toHaveLength(1);
    expect(report.files.has("data-plane/openebs/helmrelease.yaml")).toBe(false);
  });

  it("given stand-ins installing the monitoring and cert-manager CRDs, then its integrations turn on", async () => {
    const report = await expectValidates({ namespaces: [dataPlane(), monitoringCrds, certManagerCrds] });
    const rabbit = report.files.get("data-plane/rabbitmq-cluster-operator/helmrelease.yaml") ?? "";
    expect(rabbit).toContain("useCertManager: true");
    expect(rabbit).toMatch(/serviceMonitor:\n\s+enabled: true/);
    const velero = report.files.get("data-plane/velero/helmrelease.yaml") ?? "";
    expect(velero).toMatch(/serviceMonitor:\n\s+enabled: true/);
    expect(velero).toMatch(/nodeAgentPodMonitor:\n\s+enabled: true/);
  });

  it("records which integrations are on, and why, for the status page", () => {
    const context = buildContextOf("test", settings, {
      types: [SERVICE_MONITOR],
      namespaces: [],
      handles: [],
    });
    const integrations = dataPlaneComponents(settings, {}, context).flatMap((c) =>
      (c.integrations ?? []).map((i) => `${c.name} ${i.name} ${i.enabled}`),
    );
    // Velero needs the PodMonitor CRD too; the topology operator's certificate needs cert-manager.
    expect(integrations).toEqual([
      "rabbitmq-cluster-operator certificates false",
      "rabbitmq-cluster-operator monitoring true",
      "velero monitoring false",
    ]);
  });

  it("given monitoring: true without the CRDs, then validation fails with one line naming what to add", async () => {
    await expect(expectValidates({ namespaces: [dataPlane({ monitoring: true })] })).rejects.toThrow(
      /monitoring integration is on but no component installs monitoring.coreos.com\/ServiceMonitor: add @helix-cluster\/monitoring or set monitoring: false/,
    );
  });

  it("leaves each store out, with its operator, when set to false", () => {
    const all = componentNames(appOptions);
    expect(all).toEqual([
      "openebs",
      "redis-operator",
      "redis",
      "mysql-operator",
      "mysql",
      "mysql-app-databases",
      "rabbitmq-cluster-operator",
      "rabbitmq",
      "postgres",
      "velero",
      "velero-backups",
    ]);
    const without = (key: keyof DataPlaneOptions, ...gone: string[]) =>
      expect(componentNames({ ...appOptions, [key]: false })).toEqual(all.filter((c) => !gone.includes(c)));
    without("openebs", "openebs");
    without("redis", "redis-operator", "redis");
    without("mysql", "mysql-operator", "mysql", "mysql-app-databases");
    without("rabbitmq", "rabbitmq-cluster-operator", "rabbitmq");
    without("postgres", "postgres");
    without("velero", "velero", "velero-backups");
    // And every one off leaves only what the distribution needs
    expect(
      componentNames({
        openebs: false,
        redis: false,
        mysql: false,
        rabbitmq: false,
        postgres: false,
        velero: false,
      }),
    ).toEqual([]);
  });

  it("given every store off, when rendered alone, then it validates", async () => {
    const report = await expectValidates({
      namespaces: [dataPlane({ redis: false, mysql: false, rabbitmq: false, velero: false })],
    });
    expect(
      [...report.files.keys()].filter((f) => f.startsWith("data-plane/") && f.endsWith("/ks.yaml")),
    ).toEqual(["data-plane/openebs/ks.yaml"]);
  });

  it("provides typed handles for each database, vhost and Redis, with the secret of their password", () => {
    const provided = dataPlaneComponents(settings, appOptions).flatMap((c) => c.provides ?? []);
    const handles = dataPlaneHandles(appOptions);
    expect(provided).toEqual([...handles.redis, ...handles.mysql, ...handles.rabbitmq, ...handles.postgres]);
    expect(handles.mysql).toEqual([
      {
        kind: "database",
        contract: MYSQL.id,
        endpoint: { namespace: "data-plane", service: "mysql", port: 6446, scheme: "mysql" },
        database: "grafana",
        user: "grafana",
        credentials: { namespace: "data-plane", name: "mysql-user-grafana", key: "password" },
      },
      expect.objectContaining({ database: "oncall", user: "oncall" }),
    ]);
    expect(handles.rabbitmq).toEqual([
      expect.objectContaining({
        contract: RABBITMQ.id,
        endpoint: { namespace: "data-plane", service: "rabbitmq", port: 5672, scheme: "amqp" },
        database: "oncall",
        user: "oncall",
        credentials: { namespace: "data-plane", name: "rabbitmq-user-oncall", key: "password" },
      }),
    ]);
    expect(handles.redis).toEqual([
      expect.objectContaining({
        contract: REDIS.id,
        endpoint: { namespace: "data-plane", service: "redis-master", port: 6379, scheme: "redis" },
        credentials: { namespace: "data-plane", name: "redis-auth", key: "password" },
      }),
    ]);
    expect(handles.postgres).toEqual([
      expect.objectContaining({
        contract: POSTGRES.id,
        endpoint: { namespace: "data-plane", service: "postgres", port: 5432, scheme: "postgres" },
        database: "flagsmith",
        user: "flagsmith",
      }),
    ]);
    // A store that is off provides nothing
    expect(dataPlaneHandles({ ...appOptions, mysql: false, redis: false }).mysql).toEqual([]);
    expect(dataPlaneHandles({ redis: false }).redis).toEqual([]);
  });

  it("takes backup buckets from the slots its options name, and names the option when a slot is missing", () => {
    const helixLike = dataPlaneComponents(
      { ...settings, buckets: { backupsOnPrem: settings.buckets?.backups ?? { bucket: "b", region: "r" } } },
      {
        mysql: { backupBucket: "backupsOnPrem" },
        velero: {
          locations: [{ name: "onprem", bucket: "backupsOnPrem", credentialsSecret: "velero-onprem" }],
        },
      },
    );
    expect(helixLike.find((c) => c.name === "velero-backups")?.secrets).toEqual([
      { name: "velero-onprem", keys: ["cloud"] },
    ]);
    const noOffsite = { ...settings, buckets: { backups: { bucket: "b", region: "r" } } };
    expect(() => dataPlaneComponents(noOffsite, {})).toThrow(
      /option velero.locations\[1\].bucket names bucket slot "offsiteBackups", which settings.buckets lacks/,
    );
    expect(() => dataPlaneComponents({ ...settings, buckets: {} }, { velero: false })).toThrow(
      /option mysql.backupBucket names bucket slot "backups"/,
    );
  });
});
