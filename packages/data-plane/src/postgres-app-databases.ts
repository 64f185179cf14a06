import { createHash } from "node:crypto";
import { type Component, containerResources, secretRef } from "@helix-cluster/core";
import { Job } from "kubernetes-models/batch/v1/Job";
import { DATA_PLANE_NAMESPACE, type PostgresDatabase } from "./options.js";
import { POSTGRES_IMAGE, POSTGRES_NAME, POSTGRES_PORT } from "./postgres.js";

/**
 * The SQL that makes each further database and its owner exist with the password psql variable
 * `p<i>`. psql quotes the variable (`:'p0'`), so a password needs no escaping; names are plain
 * identifiers (checked by the caller).
 */
export function postgresDatabasesSql(databases: readonly PostgresDatabase[]): string {
  return databases
    .map((db, i) =>
      [
        `SELECT 'CREATE ROLE ${db.user} LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${db.user}')\\gexec`,
        `ALTER ROLE ${db.user} WITH LOGIN PASSWORD :'p${i}';`,
        `SELECT 'CREATE DATABASE ${db.name} OWNER ${db.user}' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '${db.name}')\\gexec`,
      ].join("\n"),
    )
    .join("\n");
}

/**
 * The databases after the first (which the image creates, its owner the instance's superuser): a
 * Job runs idempotent SQL as that owner once PostgreSQL is up. Its name carries a hash of what it
 * creates, so a change runs a new Job (Job templates are immutable). Undefined when there are none.
 */
export function postgresAppDatabases(
  owner: PostgresDatabase,
  more: readonly PostgresDatabase[],
): Component | undefined {
  if (more.length === 0) return undefined;
  const sql = postgresDatabasesSql(more);
  const hash = createHash("sha256")
    .update(sql)
    .update(more.map((d) => d.passwordSecret).join())
    .digest("hex")
    .slice(0, 8);
  const variables = more.map((_, i) => `-v p${i}="$PASSWORD_${i}"`).join(" ");
  const job = new Job({
    metadata: { name: `postgres-app-databases-${hash}`, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      backoffLimit: 10,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "postgres-app-databases" } },
        spec: {
          restartPolicy: "OnFailure",
          securityContext: { runAsNonRoot: true, runAsUser: 999, runAsGroup: 999 },
          containers: [
            {
              name: "psql",
              // The server's own image, so the client matches it.
              image: POSTGRES_IMAGE,
              command: ["/bin/sh", "-ec"],
              args: [
                `psql --host=${POSTGRES_NAME} --port=${POSTGRES_PORT} --username=${owner.user} --dbname=${owner.name} -v ON_ERROR_STOP=1 ${variables} <<'SQL'\n${sql}\nSQL`,
              ],
              env: [
                {
                  name: "PGPASSWORD",
                  valueFrom: { secretKeyRef: { name: owner.passwordSecret, key: "password" } },
                },
                ...more.map((db, i) => ({
                  name: `PASSWORD_${i}`,
                  valueFrom: { secretKeyRef: { name: db.passwordSecret, key: "password" } },
                })),
              ],
              resources: containerResources("10m", "64Mi"),
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
            },
          ],
        },
      },
    },
  });
  return {
    name: "postgres-app-databases",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [job],
    secrets: [...new Set(more.map((d) => d.passwordSecret))]
      .sort()
      .map((name) => secretRef(name, ["password"])),
    // The Job needs the server up, not only its objects applied.
    kustomization: { dependsOn: [POSTGRES_NAME], wait: true, timeout: "15m" },
  };
}
