import type { EnvFromValue, ResourcesValue } from "./common.js";

/** Settings shared by Mimir's components. */
interface MimirComponent {
  enabled?: boolean;
  replicas?: number;
  resources?: ResourcesValue;
}

/** A zone of zone-aware replication (one StatefulSet per zone). */
export interface MimirZone {
  name: string;
  nodeSelector?: Record<string, string> | null;
  extraAffinity?: Record<string, unknown>;
  storageClass?: string | null;
}

/** Zone-aware replication of ingesters or store-gateways. */
interface ZoneAware {
  enabled?: boolean;
  topologyKey?: string;
  zones?: MimirZone[];
}

/** Persistent volume of a stateful Mimir component. */
interface PersistentVolume {
  enabled?: boolean;
  size?: string;
  storageClass?: string;
}

/** A memcached cache of Mimir. */
interface MimirCache {
  enabled?: boolean;
  replicas?: number;
  /** Memory given to memcached, in MB; the chart derives the pod's resources from it. */
  allocatedMemory?: number;
}

/** Values of grafana/mimir-distributed 6.2.0 that this package sets. */
export interface MimirDistributedValues {
  fullnameOverride?: string;
  global?: { extraEnvFrom?: EnvFromValue[] };
  mimir?: {
    /** Merged over the chart's generated mimir.yaml; null deletes a key. */
    structuredConfig?: Record<string, unknown>;
  };
  kafka?: { enabled?: boolean };
  minio?: { enabled?: boolean };
  rollout_operator?: { enabled?: boolean; resources?: ResourcesValue };
  gateway?: MimirComponent & {
    enabledNonEnterprise?: boolean;
    service?: { port?: number };
  };
  distributor?: MimirComponent;
  ingester?: MimirComponent & { zoneAwareReplication?: ZoneAware; persistentVolume?: PersistentVolume };
  querier?: MimirComponent;
  query_frontend?: MimirComponent;
  query_scheduler?: MimirComponent;
  store_gateway?: MimirComponent & { zoneAwareReplication?: ZoneAware; persistentVolume?: PersistentVolume };
  compactor?: MimirComponent & { persistentVolume?: PersistentVolume };
  ruler?: MimirComponent;
  alertmanager?: MimirComponent;
  overrides_exporter?: MimirComponent;
  "results-cache"?: MimirCache;
  "metadata-cache"?: MimirCache;
  "index-cache"?: MimirCache;
  "chunks-cache"?: MimirCache;
  metaMonitoring?: { serviceMonitor?: { enabled?: boolean } };
}
