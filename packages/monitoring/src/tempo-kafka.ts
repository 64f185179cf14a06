import type { BuildContext, Component } from "@helix-cluster/core";
import { containerResources, enabledOptions } from "@helix-cluster/core";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { Service } from "kubernetes-models/v1/Service";
import { serviceHost } from "./endpoints.js";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";
import { ZONE_LABEL } from "./zones.js";

/** Brokers, KRaft voters and topic partitions: block-builders and live-stores run one per partition. */
export const KAFKA_PARTITIONS = 3;

/** The official Apache Kafka image (KRaft only since 4.0). */
// renovate: datasource=docker depName=apache/kafka
export const KAFKA_IMAGE = "apache/kafka:4.3.1";

/** Id of the KRaft cluster (base64url of 16 random bytes; identifies the metadata log, not a secret). */
export const KAFKA_CLUSTER_ID = "uVCswz-a1RcffJmIupxdhw";

const NAME = RELEASE.tempoKafka;
const HEADLESS = `${NAME}-headless`;
const LABELS = { "app.kubernetes.io/name": "kafka", "app.kubernetes.io/instance": NAME };

/** The Kafka broker settings, as the image's KAFKA_* environment variables, for a cluster with this domain. */
export function kafkaEnvironment(retentionHours: number, clusterDomain: string): Record<string, string> {
  const headless = serviceHost(HEADLESS, clusterDomain);
  const voters = Array.from(
    { length: KAFKA_PARTITIONS },
    (_, i) => `${i}@${NAME}-${i}.${headless}:9093`,
  ).join(",");
  return {
    CLUSTER_ID: KAFKA_CLUSTER_ID,
    KAFKA_PROCESS_ROLES: "broker,controller",
    KAFKA_CONTROLLER_QUORUM_VOTERS: voters,
    KAFKA_LISTENERS: "PLAINTEXT://:9092,CONTROLLER://:9093",
    KAFKA_ADVERTISED_LISTENERS: `PLAINTEXT://$(POD_NAME).${headless}:9092`,
    KAFKA_LISTENER_SECURITY_PROTOCOL_MAP: "CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
    KAFKA_CONTROLLER_LISTENER_NAMES: "CONTROLLER",
    KAFKA_INTER_BROKER_LISTENER_NAME: "PLAINTEXT",
    KAFKA_LOG_DIRS: "/var/lib/kafka/data/logs",
    KAFKA_NUM_PARTITIONS: String(KAFKA_PARTITIONS),
    KAFKA_DEFAULT_REPLICATION_FACTOR: "3",
    KAFKA_MIN_INSYNC_REPLICAS: "2",
    KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR: "3",
    KAFKA_TRANSACTION_STATE_LOG_REPLICATION_FACTOR: "3",
    KAFKA_TRANSACTION_STATE_LOG_MIN_ISR: "2",
    KAFKA_AUTO_CREATE_TOPICS_ENABLE: "true",
    // Kafka is only a buffer between distributors and block-builders: blocks are the durable copy.
    KAFKA_LOG_RETENTION_HOURS: String(retentionHours),
    KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS: "3000",
    KAFKA_HEAP_OPTS: "-Xms1g -Xmx1g",
  };
}

/**
 * A three-broker KRaft Kafka (combined broker and controller) for Tempo 3, whose write path requires a
 * Kafka-compatible log and whose chart bundles none. Brokers spread over hosts and racks; each keeps
 * its log on its own volume; topics are replicated three times with two in sync.
 */
export function tempoKafka(opts: MonitoringOptions, context: BuildContext): Component {
  const t = enabledOptions(opts.tempo) ?? {};
  const env = Object.entries(kafkaEnvironment(t.kafkaRetentionHours ?? 24, context.clusterDomain)).map(
    ([name, value]) => ({
      name,
      value,
    }),
  );
  const statefulSet = new StatefulSet({
    metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    spec: {
      serviceName: HEADLESS,
      replicas: KAFKA_PARTITIONS,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: LABELS },
      template: {
        metadata: { labels: LABELS },
        spec: {
          terminationGracePeriodSeconds: 60,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 1000,
            runAsGroup: 1000,
            fsGroup: 1000,
            seccompProfile: { type: "RuntimeDefault" },
          },
          affinity: {
            podAntiAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: [
                { labelSelector: { matchLabels: LABELS }, topologyKey: "kubernetes.io/hostname" },
              ],
            },
          },
          topologySpreadConstraints: [
            {
              maxSkew: 1,
              topologyKey: ZONE_LABEL,
              whenUnsatisfiable: "ScheduleAnyway",
              labelSelector: { matchLabels: LABELS },
            },
          ],
          containers: [
            {
              name: "kafka",
              image: KAFKA_IMAGE,
              ports: [
                { name: "client", containerPort: 9092, protocol: "TCP" },
                { name: "controller", containerPort: 9093, protocol: "TCP" },
              ],
              env: [
                // POD_NAME first: KAFKA_ADVERTISED_LISTENERS expands $(POD_NAME).
                { name: "POD_NAME", valueFrom: { fieldRef: { fieldPath: "metadata.name" } } },
                // The StatefulSet ordinal (0, 1, 2) is the KRaft node id of the broker.
                {
                  name: "KAFKA_NODE_ID",
                  valueFrom: { fieldRef: { fieldPath: "metadata.labels['apps.kubernetes.io/pod-index']" } },
                },
                ...env,
              ],
              resources: containerResources("250m", "1536Mi", "2Gi"),
              readinessProbe: { tcpSocket: { port: "client" }, initialDelaySeconds: 15, periodSeconds: 10 },
              livenessProbe: {
                tcpSocket: { port: "controller" },
                initialDelaySeconds: 60,
                periodSeconds: 20,
                failureThreshold: 6,
              },
              securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ["ALL"] } },
              volumeMounts: [{ name: "data", mountPath: "/var/lib/kafka/data" }],
            },
          ],
        },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data" },
          spec: {
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: t.kafkaStorageSize ?? "20Gi" } },
            ...(opts.storageClass ? { storageClassName: opts.storageClass } : {}),
          },
        },
      ],
    },
  });
  const headless = new Service({
    metadata: { name: HEADLESS, namespace: NAMESPACE, labels: LABELS },
    spec: {
      clusterIP: "None",
      // Voters must resolve each other before they are ready, or the quorum never forms.
      publishNotReadyAddresses: true,
      selector: LABELS,
      ports: [
        { name: "client", port: 9092, targetPort: "client" },
        { name: "controller", port: 9093, targetPort: "controller" },
      ],
    },
  });
  const bootstrap = new Service({
    metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    spec: { selector: LABELS, ports: [{ name: "client", port: 9092, targetPort: "client" }] },
  });
  const pdb = new PodDisruptionBudget({
    metadata: { name: NAME, namespace: NAMESPACE, labels: LABELS },
    spec: { maxUnavailable: 1, selector: { matchLabels: LABELS } },
  });
  return {
    name: NAME,
    namespace: NAMESPACE,
    objects: [statefulSet, headless, bootstrap, pdb],
    healthChecks: [{ apiVersion: "apps/v1", kind: "StatefulSet", name: NAME, namespace: NAMESPACE }],
    kustomization: { timeout: "10m" },
  };
}
