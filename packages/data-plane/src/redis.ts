import {
  type ChartContainerResources,
  type ClusterSettings,
  type Component,
  containerResources,
  type DatabaseHandle,
  databaseHandle,
  helmComponent,
  REDIS,
  secretRef,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import * as redisModels from "@helix-cluster/core/models/redis-operator";
import { DATA_PLANE_NAMESPACE, type DataPlaneOptions, REDIS_SECRET, type RedisOptions } from "./options.js";
import { onePerNode, storageClassOf, storageDependsOn } from "./shared.js";

const { RedisReplication, RedisSentinel } = redisModels.redisRedisOpstreelabsIn.v1beta2;

/** Values of the redis-operator chart that this package sets (the chart ships no values schema). */
export interface RedisOperatorValues {
  readonly redisOperator?: { readonly imagePullPolicy?: string; readonly webhook?: boolean };
  readonly certmanager?: { readonly enabled?: boolean };
  readonly replicas?: number;
  readonly resources?: ChartContainerResources;
}

/** Resource types whose CRDs the redis-operator chart installs. */
export const REDIS_OPERATOR_CRDS = [
  "redis.redis.opstreelabs.in/Redis",
  "redis.redis.opstreelabs.in/RedisCluster",
  "redis.redis.opstreelabs.in/RedisReplication",
  "redis.redis.opstreelabs.in/RedisSentinel",
] as const;

/** Name of the RedisReplication (its master Service is "redis-master"). */
export const REDIS_NAME = "redis";
/** Name of the RedisSentinel (Service "redis-sentinel-sentinel", port 26379). */
export const REDIS_SENTINEL_NAME = "redis-sentinel";
/** The Service the operator keeps pointing at the current master. */
export const REDIS_MASTER_SERVICE = "redis-master";
/** Sentinel master group name clients ask for. */
export const REDIS_MASTER_GROUP = "mymaster";

// Maintained images published by the operator's authors (Bitnami's free images stopped updating).
// renovate: datasource=docker depName=quay.io/opstree/redis
const REDIS_IMAGE = "quay.io/opstree/redis:v8.6.2";
// renovate: datasource=docker depName=quay.io/opstree/redis-sentinel
const SENTINEL_IMAGE = "quay.io/opstree/redis-sentinel:v8.6.2";
// renovate: datasource=docker depName=quay.io/opstree/redis-exporter
const EXPORTER_IMAGE = "quay.io/opstree/redis-exporter:v1.76.0";

/** The OT-CONTAINER-KIT redis-operator with its four CRDs. */
export function redisOperator(_settings: ClusterSettings): Component {
  return helmComponent<RedisOperatorValues>({
    name: "redis-operator",
    namespace: DATA_PLANE_NAMESPACE,
    // Chart 0.26.1 ships operator 0.26.0, the release whose CRDs we validate against.
    // renovate: datasource=docker depName=ghcr.io/ot-container-kit/charts/redis-operator
    chart: { oci: "oci://ghcr.io/ot-container-kit/charts/redis-operator", version: "0.26.1" },
    installsCrds: REDIS_OPERATOR_CRDS,
    values: {
      redisOperator: { imagePullPolicy: "IfNotPresent", webhook: false },
      certmanager: { enabled: false },
      replicas: 1,
      // The chart's default limits CPU at 500m: no CPU limits on the platform (throttling).
      resources: withoutChartCpuLimit(containerResources("50m", "128Mi", "256Mi")),
    },
  });
}

/**
 * A replicated Redis (one master, replicas) watched by Sentinel, which promotes a replica when the
 * master fails. Persistence on the cluster's local volumes, password from a SOPS secret.
 */
export function redis(settings: ClusterSettings, opts: DataPlaneOptions, o: RedisOptions): Component {
  const replicas = o.replicas ?? 3;
  const sentinels = o.sentinels ?? 3;
  if (sentinels < 3 || sentinels % 2 === 0) {
    throw new Error(`redis.sentinels must be odd and at least 3 to keep a quorum, got ${sentinels}`);
  }
  const memory = o.memory ?? "1Gi";
  const storageClassName = storageClassOf(settings, opts);
  const auth = { name: REDIS_SECRET, key: "password" };
  const podSecurityContext = { runAsUser: 1000, runAsGroup: 1000, runAsNonRoot: true, fsGroup: 1000 };
  const replication = new RedisReplication({
    metadata: { name: REDIS_NAME, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      clusterSize: replicas,
      kubernetesConfig: {
        image: REDIS_IMAGE,
        imagePullPolicy: "IfNotPresent",
        redisSecret: auth,
        resources: containerResources("100m", memory),
      },
      // maxmemory follows the container limit, so Redis evicts before the kernel kills it.
      redisConfig: { maxMemoryPercentOfLimit: 80 },
      storage: {
        volumeClaimTemplate: {
          spec: {
            ...(storageClassName ? { storageClassName } : {}),
            accessModes: ["ReadWriteOnce"],
            resources: { requests: { storage: o.storageSize ?? "8Gi" } },
          },
        },
      },
      redisExporter: {
        enabled: true,
        image: EXPORTER_IMAGE,
        imagePullPolicy: "IfNotPresent",
        resources: containerResources("10m", "32Mi", "64Mi"),
      },
      podSecurityContext,
      affinity: onePerNode({ app: REDIS_NAME }),
      pdb: { enabled: true, maxUnavailable: 1 },
    },
  });
  const sentinel = new RedisSentinel({
    metadata: { name: REDIS_SENTINEL_NAME, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      clusterSize: sentinels,
      kubernetesConfig: {
        image: SENTINEL_IMAGE,
        imagePullPolicy: "IfNotPresent",
        // Clients authenticate to Sentinel with the same password as to Redis.
        redisSecret: auth,
        resources: containerResources("20m", "64Mi", "128Mi"),
      },
      redisSentinelConfig: {
        redisReplicationName: REDIS_NAME,
        masterGroupName: REDIS_MASTER_GROUP,
        quorum: String(Math.floor(sentinels / 2) + 1),
        downAfterMilliseconds: "5000",
        failoverTimeout: "60000",
        parallelSyncs: "1",
        // How Sentinel authenticates to the Redis pods it watches.
        redisReplicationPassword: { secretKeyRef: auth },
      },
      podSecurityContext,
      affinity: onePerNode({ role: "sentinel" }),
      pdb: { enabled: true, maxUnavailable: 1 },
    },
  });
  return {
    name: "redis",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [replication, sentinel],
    secrets: [secretRef(REDIS_SECRET, ["password"])],
    kustomization: { dependsOn: storageDependsOn(settings, opts) },
    provides: [redisHandle()],
    // The operator creates the master Service from the RedisReplication; no chart to check it against.
    chartServices: [REDIS_MASTER_SERVICE],
  };
}

/** The handle of the Redis master: its Service and the password clients authenticate with. */
export function redisHandle(): DatabaseHandle {
  return databaseHandle(REDIS, {
    endpoint: { namespace: DATA_PLANE_NAMESPACE, service: REDIS_MASTER_SERVICE, port: 6379, scheme: "redis" },
    credentials: { namespace: DATA_PLANE_NAMESPACE, name: REDIS_SECRET, key: "password" },
  });
}
