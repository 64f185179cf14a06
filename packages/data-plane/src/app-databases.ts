import { createHash } from "node:crypto";
import { type ClusterSettings, type Component, containerResources, secretRef } from "@helix-cluster/core";
import { Job } from "kubernetes-models/batch/v1/Job";
import { MYSQL_NAME, MYSQL_SERVER_VERSION } from "./mysql.js";
import { type AppDatabase, DATA_PLANE_NAMESPACE, MYSQL_ROOT_SECRET, type MysqlOptions } from "./options.js";

const IDENTIFIER = /^[A-Za-z0-9_]{1,32}$/;

/**
 * The SQL that makes each database and its owner exist with the password from its secret. Names are
 * plain identifiers (checked), so nothing needs quoting inside the shell heredoc that runs it.
 */
export function appDatabasesSql(databases: readonly AppDatabase[]): string {
  return databases
    .map((db, i) =>
      [
        `CREATE DATABASE IF NOT EXISTS ${db.name} CHARACTER SET utf8mb4 COLLATE utf8mb4_0900_ai_ci;`,
        `CREATE USER IF NOT EXISTS '${db.user}'@'%' IDENTIFIED BY '\${PASSWORD_${i}}';`,
        `ALTER USER '${db.user}'@'%' IDENTIFIED BY '\${PASSWORD_${i}}';`,
        `GRANT ALL PRIVILEGES ON ${db.name}.* TO '${db.user}'@'%';`,
      ].join("\n"),
    )
    .join("\n");
}

/**
 * The apps' databases and users in the MySQL cluster. The operator manages no databases
 * declaratively, so a Job runs idempotent SQL through the router once the cluster is up; its name
 * carries a hash of what it creates, so a change runs a new Job (Job templates are immutable).
 */
export function appDatabases(_settings: ClusterSettings, opts: MysqlOptions): Component | undefined {
  const databases = opts.databases ?? [];
  if (databases.length === 0) return undefined;
  for (const db of databases) {
    if (!IDENTIFIER.test(db.name) || !IDENTIFIER.test(db.user)) {
      throw new Error(
        `MySQL database "${db.name}" / user "${db.user}": use letters, digits and _ only (≤ 32)`,
      );
    }
  }
  const sql = appDatabasesSql(databases);
  const hash = createHash("sha256")
    .update(sql)
    .update(databases.map((d) => d.passwordSecret).join())
    .digest("hex")
    .slice(0, 8);
  const version = opts.serverVersion ?? MYSQL_SERVER_VERSION;
  const job = new Job({
    metadata: { name: `mysql-app-databases-${hash}`, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      backoffLimit: 10,
      ttlSecondsAfterFinished: 86400,
      template: {
        metadata: { labels: { "app.kubernetes.io/name": "mysql-app-databases" } },
        spec: {
          restartPolicy: "OnFailure",
          securityContext: { runAsNonRoot: true, runAsUser: 27, runAsGroup: 27 },
          containers: [
            {
              name: "mysql",
              // The server's own image, so the client matches it (pinned by MYSQL_SERVER_VERSION).
              image: `container-registry.oracle.com/mysql/community-server:${version}`,
              command: ["/bin/sh", "-ec"],
              // envsubst is not in the image: the shell expands the passwords inside the heredoc.
              args: [
                `mysql --host=${MYSQL_NAME} --port=3306 --user="$ROOT_USER" --password="$ROOT_PASSWORD" <<SQL\n${sql}\nSQL`,
              ],
              env: [
                {
                  name: "ROOT_USER",
                  valueFrom: { secretKeyRef: { name: MYSQL_ROOT_SECRET, key: "rootUser" } },
                },
                {
                  name: "ROOT_PASSWORD",
                  valueFrom: { secretKeyRef: { name: MYSQL_ROOT_SECRET, key: "rootPassword" } },
                },
                ...databases.map((db, i) => ({
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
    name: "mysql-app-databases",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [job],
    secrets: [...new Set(databases.map((d) => d.passwordSecret))]
      .sort()
      .map((name) => secretRef(name, ["password"])),
    // The Job needs the cluster and its router, not only their CRDs.
    kustomization: { dependsOn: ["mysql"], wait: true, timeout: "15m" },
  };
}
