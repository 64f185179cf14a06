import type {
  ClusterSettings,
  JsonValue,
  KubeObject,
  NamespacePackage,
  ResourceType,
} from "@helix-cluster/core";
import { assembleCluster, buildContextOf, defineCluster, toPlain } from "@helix-cluster/core";
import { crdStandIn, neutralSettings } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import {
  appDatabases,
  appVhost,
  DATA_PLANE_NAMESPACE,
  type DataPlaneOptions,
  dataPlane,
  dataPlaneComponents,
  MYSQL_BACKUP_SECRET,
  postgres,
  REDIS_NAME,
  REDIS_SECRET,
} from "./index.js";

/** A neutral cluster's settings (example.org, k3s, the neutral bucket slots). */
const settings: ClusterSettings = neutralSettings("age1example");

/** The apps' databases a cluster like Helix's asks for. */
const appOptions: DataPlaneOptions = {
  mysql: { databases: [{ name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" }] },
  rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
  postgres: { databases: [{ name: "flagsmith", user: "flagsmith", passwordSecret: "postgres-flagsmith" }] },
};

/** Stand-in for a component of another package that installs CRDs we use. */
const crdInstaller = (
  namespace: string,
  component: string,
  installsCrds: readonly ResourceType[],
): NamespacePackage => crdStandIn({ namespace, component, installsCrds });

const standIns = [
  crdInstaller("monitoring", "prometheus-operator-crds", [
    "monitoring.coreos.com/PodMonitor",
    "monitoring.coreos.com/ServiceMonitor",
  ]),
  crdInstaller("cert-manager", "cert-manager", ["cert-manager.io/Certificate", "cert-manager.io/Issuer"]),
];

type Plain = Record<string, JsonValue>;
type Obj = { [key: string]: JsonValue };
const at = (v: JsonValue | undefined, ...keys: string[]): JsonValue | undefined =>
  keys.reduce<JsonValue | undefined>(
    (cur, k) =>
      typeof cur === "object" && cur !== null && !Array.isArray(cur) ? (cur as Obj)[k] : undefined,
    v,
  );

/** The rendered objects of a cluster made of the data plane (and the stand-ins), as plain JSON. */
function rendered(s: ClusterSettings = settings, opts: DataPlaneOptions = {}): Plain[] {
  const cluster = defineCluster({ name: "t", settings: s, namespaces: [dataPlane(opts), ...standIns] });
  return assembleCluster(cluster).objects.map((o) => o.object);
}
const ofKind = (objects: Plain[], kind: string): Plain[] => objects.filter((o) => o.kind === kind);
const named = (objects: Plain[], kind: string, name: string): Plain => {
  const found = objects.find((o) => o.kind === kind && at(o, "metadata", "name") === name);
  if (!found) throw new Error(`no ${kind}/${name}`);
  return found;
};

/** Hours of a Go duration made of hours, minutes and seconds ("168h", "168h0m0s"). */
function hours(duration: string): number {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  return Number(m[1] ?? 0) + Number(m[2] ?? 0) / 60 + Number(m[3] ?? 0) / 3600;
}

describe("data-plane package", () => {
  it("deploys every service into the data-plane namespace, outside the mesh, with privileged Pod Security", () => {
    const [ns] = dataPlane().build(settings, buildContextOf("test", settings));
    expect(ns?.name).toBe(DATA_PLANE_NAMESPACE);
    expect(ns?.components.map((c) => c.name)).toEqual([
      "openebs",
      "redis-operator",
      "redis",
      "mysql-operator",
      "mysql",
      "rabbitmq-cluster-operator",
      "rabbitmq",
      "velero",
      "velero-backups",
    ]);
    expect(ns?.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "privileged",
      "istio-injection": "disabled",
    });
  });

  it("makes openebs-hostpath the one and only default StorageClass, bound on first consumer", () => {
    const objects = rendered();
    const defaults = ofKind(objects, "StorageClass").filter(
      (o) => at(o, "metadata", "annotations", "storageclass.kubernetes.io/is-default-class") === "true",
    );
    expect(defaults.map((o) => at(o, "metadata", "name"))).toEqual(["openebs-hostpath"]);
    expect(defaults[0]).toMatchObject({
      provisioner: "openebs.io/local",
      volumeBindingMode: "WaitForFirstConsumer",
      reclaimPolicy: "Delete",
    });
    expect(String(at(defaults[0], "metadata", "annotations", "cas.openebs.io/config"))).toContain(
      '"/var/openebs/local"',
    );
    // The chart must not render a second class of its own.
    expect(at(named(objects, "HelmRelease", "openebs"), "spec", "values", "hostpathClass", "enabled")).toBe(
      false,
    );
  });

  it("makes encrypted gp3 the default StorageClass on EKS, mapping on-prem classes to it on restore", () => {
    const objects = rendered(
      { ...settings, distribution: "eks", k3sVersion: undefined },
      { velero: { storageClassMapping: { "openebs-hostpath": "gp3" } } },
    );
    expect(ofKind(objects, "StorageClass")).toEqual([
      expect.objectContaining({
        metadata: { name: "gp3", annotations: { "storageclass.kubernetes.io/is-default-class": "true" } },
        provisioner: "ebs.csi.aws.com",
        parameters: expect.objectContaining({ type: "gp3", encrypted: "true" }),
      }),
    ]);
    expect(named(objects, "ConfigMap", "change-storage-class-config")).toMatchObject({
      metadata: { labels: { "velero.io/change-storage-class": "RestoreItemAction" } },
      data: { "openebs-hostpath": "gp3" },
    });
    expect(ofKind(rendered(), "ConfigMap")).toEqual([]);
    expect(at(named(objects, "RabbitmqCluster", "rabbitmq"), "spec", "persistence", "storageClassName")).toBe(
      undefined,
    );
  });

  it("backs up daily to both neutral locations and keeps daily backups 7 days, weekly 4 weeks, monthly a year", () => {
    const objects = rendered();
    const locations = ofKind(objects, "BackupStorageLocation");
    expect(locations.map((l) => at(l, "metadata", "name"))).toEqual(["primary", "offsite"]);
    expect(at(locations[0], "spec", "default")).toBe(true);
    expect(at(locations[0], "spec", "objectStorage")).toEqual({
      bucket: "example-backups",
      prefix: "velero",
    });
    expect(at(locations[1], "spec", "objectStorage")).toEqual({
      bucket: "example-offsitebackups",
      prefix: "velero",
    });
    expect(at(locations[0], "spec", "config")).toEqual({
      region: "us-east-1",
      s3Url: "https://s3.example.org",
      s3ForcePathStyle: "true",
    });
    const schedules = ofKind(objects, "Schedule");
    const cadence = (prefix: string): Plain[] =>
      schedules.filter((s) => String(at(s, "metadata", "name")).startsWith(`${prefix}-`));
    for (const [prefix, days] of [
      ["daily", 7],
      ["weekly", 28],
      ["monthly", 365],
    ] as const) {
      const group = cadence(prefix);
      expect(group.map((s) => at(s, "spec", "template", "storageLocation")).sort()).toEqual([
        "offsite",
        "primary",
      ]);
      for (const s of group) {
        expect(hours(String(at(s, "spec", "template", "ttl"))) / 24).toBe(days);
        expect(at(s, "spec", "template", "defaultVolumesToFsBackup")).toBe(true);
      }
    }
    const velero = at(named(objects, "HelmRelease", "velero"), "spec", "values");
    expect(at(velero, "configuration", "uploaderType")).toBe("kopia");
    expect(at(velero, "deployNodeAgent")).toBe(true);
  });

  it("writes schedules in the cluster's time zone: plain cron for UTC, CRON_TZ otherwise", () => {
    const utc = ofKind(rendered(), "Schedule").map((s) => String(at(s, "spec", "schedule")));
    expect(utc).toContain("0 1 * * *");
    // Staggered: no two schedules start in the same hour.
    const hoursOfDay = utc.map((cron) => cron.split(" ")[1]);
    expect(new Set(hoursOfDay).size).toBe(utc.length);
    const berlin = ofKind(rendered({ ...settings, timeZone: "Europe/Berlin" }), "Schedule");
    expect(berlin.every((s) => String(at(s, "spec", "schedule")).startsWith("CRON_TZ=Europe/Berlin "))).toBe(
      true,
    );
  });

  it("sizes the repository maintenance job through the ConfigMap chart 12 reads, not the removed keys", () => {
    // Given the velero release, when its values are rendered
    const maintenance = at(
      named(rendered(), "HelmRelease", "velero"),
      "spec",
      "values",
      "configuration",
      "repositoryMaintenanceJob",
    );
    // Then the chart's NOTES.txt finds none of the keys it fails the install on
    for (const removed of ["requests", "limits", "latestJobsCount"]) {
      expect(at(maintenance, removed)).toBeUndefined();
    }
    // And the job's resources are in the ConfigMap data, with a memory limit and no CPU limit
    expect(at(maintenance, "repositoryConfigData", "global", "podResources")).toEqual({
      cpuRequest: "100m",
      memoryRequest: "512Mi",
      memoryLimit: "2Gi",
    });
  });

  it("sets only what velero 12.1.0 reads: no kubectl image (the CRD job runs Velero's), no metrics autodetect", () => {
    const values = at(named(rendered(), "HelmRelease", "velero"), "spec", "values");
    expect(at(values, "kubectl")).toBeUndefined();
    expect(at(values, "metrics")).toEqual({
      enabled: true,
      serviceMonitor: { enabled: true },
      nodeAgentPodMonitor: { enabled: true },
    });
  });

  it("deletes the redis-operator chart's default CPU limit", () => {
    const resources = at(named(rendered(), "HelmRelease", "redis-operator"), "spec", "values", "resources");
    expect(at(resources, "limits")).toEqual({ memory: "256Mi", cpu: null });
  });

  it("leaves the locations read-only and schedules nothing on a restore-only standby", () => {
    const objects = rendered(settings, { velero: { readOnly: true } });
    expect(ofKind(objects, "Schedule")).toEqual([]);
    expect(ofKind(objects, "BackupStorageLocation").map((l) => at(l, "spec", "accessMode"))).toEqual([
      "ReadOnly",
      "ReadOnly",
    ]);
  });

  it("runs MySQL as 3 members behind 2 routers with a scheduled dump to S3", () => {
    const cluster = named(rendered(), "InnoDBCluster", "mysql");
    expect(at(cluster, "spec", "instances")).toBe(3);
    expect(at(cluster, "spec", "router", "instances")).toBe(2);
    const profiles = at(cluster, "spec", "backupProfiles") as Obj[];
    const schedules = at(cluster, "spec", "backupSchedules") as Obj[];
    expect(schedules).toHaveLength(1);
    expect(schedules[0]).toMatchObject({ enabled: true, schedule: "30 0 * * *" });
    const profile = profiles.find((p) => p.name === schedules[0]?.backupProfileName);
    expect(at(profile, "dumpInstance", "storage", "s3")).toMatchObject({
      bucketName: "example-backups",
      config: MYSQL_BACKUP_SECRET,
      endpoint: "https://s3.example.org",
    });
  });

  it("runs RabbitMQ as 3 nodes, never two on one machine", () => {
    const cluster = named(rendered(), "RabbitmqCluster", "rabbitmq");
    expect(at(cluster, "spec", "replicas")).toBe(3);
    const rules = at(
      cluster,
      "spec",
      "affinity",
      "podAntiAffinity",
      "requiredDuringSchedulingIgnoredDuringExecution",
    ) as Obj[];
    expect(rules[0]).toMatchObject({
      topologyKey: "kubernetes.io/hostname",
      labelSelector: { matchLabels: { "app.kubernetes.io/name": "rabbitmq" } },
    });
  });

  it("watches a 3-pod Redis replication with 3 Sentinels and a majority quorum", () => {
    const objects = rendered();
    expect(at(named(objects, "RedisReplication", REDIS_NAME), "spec", "clusterSize")).toBe(3);
    const sentinel = named(objects, "RedisSentinel", "redis-sentinel");
    expect(at(sentinel, "spec", "clusterSize")).toBe(3);
    expect(at(sentinel, "spec", "redisSentinelConfig")).toMatchObject({
      redisReplicationName: REDIS_NAME,
      quorum: "2",
      redisReplicationPassword: { secretKeyRef: { name: REDIS_SECRET, key: "password" } },
    });
    expect(() =>
      dataPlane({ redis: { sentinels: 2 } }).build(settings, buildContextOf("test", settings)),
    ).toThrow(/odd and at least 3/);
  });

  it("takes every credential from a declared SOPS secret and renders no Secret or password", () => {
    const components = dataPlaneComponents(settings, appOptions);
    const declared = new Set(components.flatMap((c) => (c.secrets ?? []).map((s) => s.name)));
    expect([...declared].sort()).toEqual([
      "mysql-backup-s3",
      "mysql-root",
      "mysql-user-grafana",
      "postgres-flagsmith",
      "rabbitmq-default-user-credentials",
      "rabbitmq-user-oncall",
      "redis-auth",
      "velero-offsite-credentials",
      "velero-primary-credentials",
      "velero-repo-credentials",
    ]);
    const objects = rendered(settings, appOptions);
    expect(ofKind(objects, "Secret")).toEqual([]);
    // Every secret name the custom resources point to is one of the declared SOPS secrets.
    const referenced = [
      at(named(objects, "RedisReplication", REDIS_NAME), "spec", "kubernetesConfig", "redisSecret", "name"),
      at(named(objects, "InnoDBCluster", "mysql"), "spec", "secretName"),
      at(named(objects, "RabbitmqCluster", "rabbitmq"), "spec", "secretBackend", "externalSecret", "name"),
      ...ofKind(objects, "BackupStorageLocation").map((l) => at(l, "spec", "credential", "name")),
    ];
    for (const name of referenced) expect(declared).toContain(name);
    // No literal credential anywhere in the rendered objects, HelmRelease values included.
    const leaks: string[] = [];
    const scan = (v: JsonValue | undefined, path: string): void => {
      if (Array.isArray(v)) {
        v.forEach((x, i) => {
          scan(x, `${path}/${i}`);
        });
      } else if (typeof v === "object" && v !== null) {
        for (const [k, x] of Object.entries(v)) {
          if (/pass(word)?|secret_?access|access_?key|token/i.test(k) && typeof x === "string") {
            leaks.push(`${path}/${k}`);
          }
          scan(x, `${path}/${k}`);
        }
      }
    };
    for (const o of objects) scan(o, `${String(o.kind)}/${String(at(o, "metadata", "name"))}`);
    expect(leaks).toEqual([]);
  });
});

describe("PostgreSQL for the databases listed", () => {
  const flagsmith = { name: "flagsmith", user: "flagsmith", passwordSecret: "postgres-flagsmith" };

  it("runs one pinned postgres with its password from a secret ref and a volume on the data class", () => {
    const component = postgres(settings, {}, { databases: [flagsmith] });
    expect(component?.secrets).toEqual([{ name: "postgres-flagsmith", keys: ["password"] }]);
    const sts = toPlain(component?.objects[0] as KubeObject) as {
      spec: {
        template: { spec: { containers: { image: string; env: unknown[] }[] } };
        volumeClaimTemplates: { spec: { storageClassName?: string } }[];
      };
    };
    const container = sts.spec.template.spec.containers[0];
    expect(container?.image).toMatch(/^docker\.io\/library\/postgres:\d+\.\d+-bookworm$/);
    expect(container?.env).toContainEqual({
      name: "POSTGRES_PASSWORD",
      valueFrom: { secretKeyRef: { name: "postgres-flagsmith", key: "password" } },
    });
    expect(container?.env).toContainEqual({ name: "POSTGRES_DB", value: "flagsmith" });
    expect(container?.env).toContainEqual({ name: "POSTGRES_USER", value: "flagsmith" });
    expect(sts.spec.volumeClaimTemplates[0]?.spec.storageClassName).toBe("openebs-hostpath");
  });

  it("renders no PostgreSQL when no database is listed, and rejects names it cannot use", () => {
    // Given no database, then no instance
    expect(postgres(settings, {}, {})).toBeUndefined();
    // Given a name that is no plain identifier, then an error naming the option and the name
    expect(() => postgres(settings, {}, { databases: [{ ...flagsmith, name: "x;DROP" }] })).toThrow(
      /option postgres.databases: database "x;DROP"/,
    );
    // Given a database twice, then an error naming it
    expect(() => postgres(settings, {}, { databases: [flagsmith, flagsmith] })).toThrow(
      /lists "flagsmith" more than once/,
    );
  });

  it("creates the databases after the first with a Job, as the first's owner, passwords as psql variables", () => {
    const other = { name: "wiki", user: "wiki", passwordSecret: "postgres-wiki" };
    // Given two databases, when composed
    const components = dataPlaneComponents(settings, { postgres: { databases: [flagsmith, other] } });
    const job = components.find((c) => c.name === "postgres-app-databases");
    // Then the instance provides both, and a Job after it creates the second
    expect(
      components
        .find((c) => c.name === "postgres")
        ?.provides?.map((h) => h.kind === "database" && h.database),
    ).toEqual(["flagsmith", "wiki"]);
    expect(job?.kustomization?.dependsOn).toEqual(["postgres"]);
    expect(job?.secrets).toEqual([{ name: "postgres-wiki", keys: ["password"] }]);
    const container = (
      toPlain(job?.objects[0] as KubeObject) as {
        spec: { template: { spec: { containers: { args: string[]; env: unknown[] }[] } } };
      }
    ).spec.template.spec.containers[0];
    expect(container?.args[0]).toContain("--username=flagsmith --dbname=flagsmith");
    expect(container?.args[0]).toContain(`-v p0="$PASSWORD_0"`);
    expect(container?.args[0]).toContain("ALTER ROLE wiki WITH LOGIN PASSWORD :'p0';");
    expect(container?.args[0]).toContain("SELECT 'CREATE DATABASE wiki OWNER wiki' WHERE NOT EXISTS");
    expect(container?.env).toContainEqual({
      name: "PGPASSWORD",
      valueFrom: { secretKeyRef: { name: "postgres-flagsmith", key: "password" } },
    });
    expect(container?.env).toContainEqual({
      name: "PASSWORD_0",
      valueFrom: { secretKeyRef: { name: "postgres-wiki", key: "password" } },
    });
    // And a single database needs no Job
    expect(
      dataPlaneComponents(settings, { postgres: { databases: [flagsmith] } }).map((c) => c.name),
    ).not.toContain("postgres-app-databases");
  });
});

describe("apps' databases and vhosts", () => {
  const opts = {
    mysql: { databases: [{ name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" }] },
    rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
  };

  it("creates each database and its owner idempotently, with the password from the declared secret, after the cluster", () => {
    const component = appDatabases(settings, opts.mysql);
    expect(component?.kustomization?.dependsOn).toEqual(["mysql"]);
    expect(component?.secrets).toEqual([{ name: "mysql-user-grafana", keys: ["password"] }]);
    const job = toPlain(component?.objects[0] as KubeObject) as {
      metadata: { name: string };
      spec: { template: { spec: { containers: { args: string[]; env: unknown[] }[] } } };
    };
    const container = job.spec.template.spec.containers[0];
    expect(container?.args[0]).toContain(
      `CREATE USER IF NOT EXISTS 'grafana'@'%' IDENTIFIED BY '\${PASSWORD_0}'`,
    );
    expect(container?.args[0]).not.toContain("`");
    expect(container?.env).toContainEqual({
      name: "PASSWORD_0",
      valueFrom: { secretKeyRef: { name: "mysql-user-grafana", key: "password" } },
    });
    // A different set of databases is a different Job: Job templates cannot be changed in place.
    const other = appDatabases(settings, {
      databases: [{ name: "oncall", user: "oncall", passwordSecret: "mysql-user-oncall" }],
    });
    expect((toPlain(other?.objects[0] as KubeObject).metadata as { name: string }).name).not.toBe(
      job.metadata.name,
    );
    expect(appDatabases(settings, {})).toBeUndefined();
    expect(() =>
      appDatabases(settings, { databases: [{ name: "x;DROP", user: "u", passwordSecret: "s" }] }),
    ).toThrow(/letters, digits and _/);
  });

  it("gives an app its own RabbitMQ vhost and a user with permissions on it only", () => {
    const objects = appVhost({ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }).map((o) =>
      toPlain(o),
    );
    expect(objects.map((o) => o.kind)).toEqual(["Vhost", "User", "Permission"]);
    expect(objects[1]?.spec).toMatchObject({ importCredentialsSecret: { name: "rabbitmq-user-oncall" } });
    expect(objects[2]?.spec).toMatchObject({ vhost: "oncall", userReference: { name: "oncall-user" } });
    const rabbit = dataPlaneComponents(settings, opts).find((c) => c.name === "rabbitmq");
    expect(rabbit?.secrets?.map((s) => s.name)).toContain("rabbitmq-user-oncall");
  });
});
