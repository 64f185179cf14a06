/** Kubernetes-style resources block of a container. */
export interface ResourcesValue {
  requests?: { cpu?: string; memory?: string };
  limits?: { cpu?: string; memory?: string };
}

/** A Prometheus relabel configuration (prometheus-operator RelabelConfig). */
export interface RelabelingValue {
  action?: string;
  sourceLabels?: string[];
  separator?: string;
  regex?: string;
  targetLabel?: string;
  replacement?: string;
}

/** A PersistentVolumeClaim template spec. */
export interface VolumeClaimSpecValue {
  accessModes?: string[];
  storageClassName?: string;
  resources?: { requests?: { storage?: string } };
}

/** envFrom entry of a container. */
export interface EnvFromValue {
  secretRef?: { name: string };
  configMapRef?: { name: string };
}

/** A toleration. */
export interface TolerationValue {
  key?: string;
  operator?: string;
  value?: string;
  effect?: string;
}

/** A topology spread constraint. */
export interface TopologySpreadValue {
  maxSkew: number;
  topologyKey: string;
  whenUnsatisfiable: string;
  labelSelector?: { matchLabels?: Record<string, string> };
}
