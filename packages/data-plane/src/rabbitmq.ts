import {
  type ClusterSettings,
  type Component,
  containerResources,
  type DatabaseHandle,
  databaseHandle,
  helmComponent,
  type Integration,
  type KubeObject,
  RABBITMQ,
  SERVICE_MONITOR,
  secretRef,
  typesWhenEnabled,
} from "@helix-cluster/core";
import * as rabbitmqModels from "@helix-cluster/core/models/rabbitmq-cluster-operator";
import * as topology from "@helix-cluster/core/models/rabbitmq-messaging-topology-operator";
import { rabbitmqClusterOperatorValuesSchema } from "./generated/values/rabbitmq-cluster-operator-0.6.5.js";
import {
  type AppVhost,
  DATA_PLANE_NAMESPACE,
  type DataPlaneOptions,
  RABBITMQ_USER_SECRET,
  type RabbitmqOptions,
} from "./options.js";
import { onePerNode, storageClassOf, storageDependsOn } from "./shared.js";

const { RabbitmqCluster } = rabbitmqModels.rabbitmqCom.v1beta1;

/** Resource types whose CRDs the chart installs: the cluster operator's and the topology operator's. */
export const RABBITMQ_CRDS = [
  "rabbitmq.com/Binding",
  "rabbitmq.com/Exchange",
  "rabbitmq.com/Federation",
  "rabbitmq.com/OperatorPolicy",
  "rabbitmq.com/Permission",
  "rabbitmq.com/Policy",
  "rabbitmq.com/Queue",
  "rabbitmq.com/RabbitmqCluster",
  "rabbitmq.com/SchemaReplication",
  "rabbitmq.com/Shovel",
  "rabbitmq.com/SuperStream",
  "rabbitmq.com/TopicPermission",
  "rabbitmq.com/User",
  "rabbitmq.com/Vhost",
] as const;

/** What the chart creates for the topology operator's webhook certificate with cert-manager. */
export const WEBHOOK_CERTIFICATE_TYPES = ["cert-manager.io/Certificate", "cert-manager.io/Issuer"] as const;

/** Name of the RabbitmqCluster; its Service "rabbitmq" serves AMQP (5672) and management (15672). */
export const RABBITMQ_NAME = "rabbitmq";

// renovate: datasource=docker depName=docker.io/library/rabbitmq
const RABBITMQ_IMAGE = "docker.io/library/rabbitmq:4.3.5-management";

/**
 * The RabbitMQ cluster operator and messaging-topology operator. The RabbitMQ team publishes no
 * Helm chart; CloudPirates' chart packages both upstream operators (ghcr.io images) with their CRDs.
 * The topology operator's webhook certificate comes from cert-manager when the cluster has it
 * (integration "certificates"): stable and rotated; otherwise the chart generates a self-signed one.
 */
export function rabbitmqOperators(
  _settings: ClusterSettings,
  monitoring: Integration,
  certificates: Integration,
): Component {
  const monitors = monitoring.enabled;
  return helmComponent({
    name: "rabbitmq-cluster-operator",
    namespace: DATA_PLANE_NAMESPACE,
    // renovate: datasource=docker depName=docker.io/cloudpirates/rabbitmq-cluster-operator
    chart: { oci: "oci://registry-1.docker.io/cloudpirates/rabbitmq-cluster-operator", version: "0.6.5" },
    valuesSchema: rabbitmqClusterOperatorValuesSchema,
    installsCrds: RABBITMQ_CRDS,
    usesCrds: [
      ...typesWhenEnabled(certificates, ...WEBHOOK_CERTIFICATE_TYPES),
      ...typesWhenEnabled(monitoring, SERVICE_MONITOR),
    ],
    integrations: [certificates, monitoring],
    values: {
      useCertManager: certificates.enabled,
      clusterOperator: {
        replicaCount: 1,
        resources: containerResources("50m", "128Mi", "256Mi"),
        metrics: { service: { enabled: monitors }, serviceMonitor: { enabled: monitors } },
      },
      msgTopologyOperator: {
        enabled: true,
        replicaCount: 1,
        resources: containerResources("50m", "128Mi", "256Mi"),
      },
    },
  });
}

/**
 * A 3-node RabbitMQ cluster, one node per machine, with its default user from a SOPS secret
 * (secretBackend.externalSecret: the operator waits for it instead of generating one).
 */
export function rabbitmq(settings: ClusterSettings, opts: DataPlaneOptions, o: RabbitmqOptions): Component {
  const replicas = o.replicas ?? 3;
  const memory = o.memory ?? "2Gi";
  const storageClassName = storageClassOf(settings, opts);
  const cluster = new RabbitmqCluster({
    metadata: { name: RABBITMQ_NAME, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      replicas,
      image: RABBITMQ_IMAGE,
      // RabbitMQ sizes its memory high watermark from the limit: request and limit are equal.
      resources: containerResources("500m", memory),
      persistence: {
        ...(storageClassName ? { storageClassName } : {}),
        storage: o.storageSize ?? "20Gi",
      },
      affinity: onePerNode({ "app.kubernetes.io/name": RABBITMQ_NAME }),
      secretBackend: { externalSecret: { name: RABBITMQ_USER_SECRET } },
      rabbitmq: {
        // Minority side of a partition pauses instead of diverging.
        additionalConfig: "cluster_partition_handling = pause_minority\ndisk_free_limit.absolute = 2GB\n",
      },
    },
  });
  const vhosts = o.vhosts ?? [];
  return {
    name: "rabbitmq",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [cluster, ...vhosts.flatMap(appVhost)],
    secrets: [
      secretRef(RABBITMQ_USER_SECRET, ["username", "password", "default_user.conf"]),
      ...vhosts.map((v) => secretRef(v.credentialsSecret, ["username", "password"])),
    ],
    kustomization: { dependsOn: storageDependsOn(settings, opts) },
    provides: vhosts.map(rabbitmqVhostHandle),
    // The cluster operator creates the Service from the RabbitmqCluster; no chart to check it against.
    chartServices: [RABBITMQ_NAME],
  };
}

/** The handle of an app's vhost: the AMQP Service, the vhost, its user and password. */
export function rabbitmqVhostHandle(vhost: AppVhost): DatabaseHandle {
  return databaseHandle(RABBITMQ, {
    endpoint: { namespace: DATA_PLANE_NAMESPACE, service: RABBITMQ_NAME, port: 5672, scheme: "amqp" },
    database: vhost.name,
    user: vhost.user ?? vhost.name,
    credentials: { namespace: DATA_PLANE_NAMESPACE, name: vhost.credentialsSecret, key: "password" },
  });
}

/**
 * An app's vhost and user, with full permissions on that vhost only, through the messaging-topology
 * operator; the user's name and password come from its SOPS secret.
 */
export function appVhost(vhost: AppVhost): KubeObject[] {
  const cluster = { name: RABBITMQ_NAME };
  return [
    new topology.rabbitmqCom.v1beta1.Vhost({
      metadata: { name: vhost.name, namespace: DATA_PLANE_NAMESPACE },
      spec: { name: vhost.name, rabbitmqClusterReference: cluster },
    }),
    new topology.rabbitmqCom.v1beta1.User({
      metadata: { name: `${vhost.name}-user`, namespace: DATA_PLANE_NAMESPACE },
      spec: { rabbitmqClusterReference: cluster, importCredentialsSecret: { name: vhost.credentialsSecret } },
    }),
    new topology.rabbitmqCom.v1beta1.Permission({
      metadata: { name: `${vhost.name}-user`, namespace: DATA_PLANE_NAMESPACE },
      spec: {
        vhost: vhost.name,
        userReference: { name: `${vhost.name}-user` },
        permissions: { configure: ".*", read: ".*", write: ".*" },
        rabbitmqClusterReference: cluster,
      },
    }),
  ];
}
