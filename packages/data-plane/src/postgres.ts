import { type ClusterSettings, type Component, containerResources, secretRef } from "@helix-cluster/core";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { Service } from "kubernetes-models/v1/Service";
import { DATA_PLANE_NAMESPACE, type DataPlaneOptions } from "./options.js";
import { storageClassOf, storageDependsOn } from "./shared.js";

/** Name of the PostgreSQL StatefulSet and Service. */
export const POSTGRES_NAME = "postgres";
/** Secret with the database owner's password (key `password`), the same one apps put in their URL. */
export const POSTGRES_SECRET = "postgres-flagsmith";

/**
 * PostgreSQL for the apps that cannot use MySQL (Flagsmith supports PostgreSQL only). No operator
 * CRDs are in our validated upstream set, so this is a plain StatefulSet of the official image:
 * one instance on a local volume, backed up by Velero's file-system backup like every volume.
 */
export function postgres(settings: ClusterSettings, opts: DataPlaneOptions): Component {
  const o = opts.postgres ?? {};
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
              // renovate: datasource=docker depName=docker.io/library/postgres
              image: "docker.io/library/postgres:17.6-bookworm",
              ports: [{ name: "postgres", containerPort: 5432 }],
              env: [
                { name: "POSTGRES_USER", value: "flagsmith" },
                { name: "POSTGRES_DB", value: "flagsmith" },
                { name: "PGDATA", value: "/var/lib/postgresql/data/pgdata" },
                {
                  name: "POSTGRES_PASSWORD",
                  valueFrom: { secretKeyRef: { name: POSTGRES_SECRET, key: "password" } },
                },
              ],
              readinessProbe: {
                exec: { command: ["pg_isready", "-U", "flagsmith", "-d", "flagsmith"] },
                periodSeconds: 10,
              },
              livenessProbe: {
                exec: { command: ["pg_isready", "-U", "flagsmith", "-d", "flagsmith"] },
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
    spec: { selector: labels, ports: [{ name: "postgres", port: 5432, targetPort: "postgres" }] },
  });
  return {
    name: "postgres",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [statefulSet, service],
    secrets: [secretRef(POSTGRES_SECRET, ["password"])],
    kustomization: { dependsOn: storageDependsOn(settings, opts) },
  };
}
