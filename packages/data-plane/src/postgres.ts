import {
  type ClusterSettings,
  type Component,
  containerResources,
  type DatabaseHandle,
  databaseHandle,
  POSTGRES,
  secretRef,
} from "@helix-cluster/core";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Service } from "kubernetes-models/v1/Service";
import {
  DATA_PLANE_NAMESPACE,
  type DataPlaneOptions,
  type PostgresDatabase,
  type PostgresOptions,
} from "./options.js";
import { storageClassOf, storageDependsOn } from "./shared.js";

/** Name of the PostgreSQL StatefulSet and Service. */
export const POSTGRES_NAME = "postgres";
/** Port of the PostgreSQL Service. */
export const POSTGRES_PORT = 5432;
/** The server image (the databases Job runs its client too). */
// renovate: datasource=docker depName=docker.io/library/postgres
export const POSTGRES_IMAGE = "docker.io/library/postgres:17.6-bookworm";

const IDENTIFIER = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * PostgreSQL for the apps that cannot use MySQL (e.g. Flagsmith supports PostgreSQL only), or
 * undefined when no database is listed. No operator CRDs are in our validated upstream set, so
 * this is a plain StatefulSet of the official image: one instance on a local volume, backed up by
 * Velero's file-system backup like every volume. The image creates the first database and its
 * owner (the instance's superuser) on first start; `postgresAppDatabases` creates the others.
 */
export function postgres(
  settings: ClusterSettings,
  opts: DataPlaneOptions,
  o: PostgresOptions,
): Component | undefined {
  const databases = o.databases ?? [];
  const [db] = databases;
  if (db === undefined) return undefined;
  const invalid = databases.filter((d) => !IDENTIFIER.test(d.name) || !IDENTIFIER.test(d.user));
  if (invalid.length > 0)
    throw new Error(
      `@helix-cluster/data-plane option postgres.databases: ${invalid.map((d) => `database "${d.name}" / user "${d.user}"`).join(", ")}: use lower-case letters, digits and _ only`,
    );
  const names = databases.map((d) => d.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length > 0)
    throw new Error(
      `@helix-cluster/data-plane option postgres.databases lists ${[...new Set(twice)].map((n) => `"${n}"`).join(", ")} more than once: list each database once`,
    );
  const labels = { "app.kubernetes.io/name": POSTGRES_NAME, "app.kubernetes.io/part-of": "data-plane" };
  const storageClassName = storageClassOf(settings, opts);
  const statefulSet = new StatefulSet({
    metadata: { name: POSTGRES_NAME, labels },
    spec: {
      serviceName: POSTGRES_NAME,
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          securityContext: { runAsUser: 999, runAsGroup: 999, fsGroup: 999, runAsNonRoot: true },
          containers: [
            {
              name: "postgres",
              image: POSTGRES_IMAGE,
              ports: [{ name: "postgres", containerPort: 5432 }],
              env: [
                { name: "POSTGRES_USER", value: db.user },
                { name: "POSTGRES_DB", value: db.name },
                { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
                {
                  name: "POSTGRES_PASSWORD",
                  valueFrom: { secretKeyRef: { name: db.passwordSecret, key: "password" } },
                },
              ],
              readinessProbe: {
                exec: { command: ["pg_isready", "-U", db.user, "-d", db.name] },
                periodSeconds: 10,
              },
              livenessProbe: {
                exec: { command: ["pg_isready", "-U", db.user, "-d", db.name] },
                periodSeconds: 30,
                failureThreshold: 6,
              },
              resources: containerResources("100m", o.memory ?? "1Gi"),
              volumeMounts: [{ name: "data", mountPath: "/var/lib/postgresql/data" }],
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data" },
          spec: {
            accessModes: ["ReadWriteOnce"],
            ...(storageClassName ? { storageClassName } : {}),
            resources: { requests: { storage: o.storageSize ?? "20Gi" } },
          },
        },
      ],
    },
  });
  const service = new Service({
    metadata: { name: POSTGRES_NAME, labels },
    spec: { selector: labels, ports: [{ name: "postgres", port: POSTGRES_PORT, targetPort: "postgres" }] },
  });
  return {
    name: "postgres",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [statefulSet, service],
    secrets: [secretRef(db.passwordSecret, ["password"])],
    kustomization: { dependsOn: storageDependsOn(settings, opts) },
    provides: databases.map(postgresDatabaseHandle),
  };
}

/** The handle of an app's PostgreSQL database: the Service, the database, its owner and password. */
export function postgresDatabaseHandle(db: PostgresDatabase): DatabaseHandle {
  return databaseHandle(POSTGRES, {
    endpoint: {
      namespace: DATA_PLANE_NAMESPACE,
      service: POSTGRES_NAME,
      port: POSTGRES_PORT,
      scheme: "postgres",
    },
    database: db.name,
    user: db.user,
    credentials: { namespace: DATA_PLANE_NAMESPACE, name: db.passwordSecret, key: "password" },
  });
}
