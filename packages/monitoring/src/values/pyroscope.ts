import type { EnvFromValue, ResourcesValue } from "./common.js";

/** Values of grafana/pyroscope 2.2.1 that this package sets. */
export interface PyroscopeValues {
  pyroscope?: {
    fullnameOverride?: string;
    replicaCount?: number;
    /** Rendered as "-key=value" arguments. */
    extraArgs?: Record<string, string>;
    extraEnvFrom?: EnvFromValue[];
    resources?: ResourcesValue;
    persistence?: { enabled?: boolean; size?: string; storageClassName?: string };
    service?: { port?: number };
    /** Merged over the generated Pyroscope configuration. */
    structuredConfig?: Record<string, unknown>;
  };
  architecture?: { storage?: { v1?: boolean; v2?: boolean }; microservices?: { enabled?: boolean } };
  /** The bundled Alloy that scrapes profiles: our own Alloy does it. */
  alloy?: { enabled?: boolean };
  agent?: { enabled?: boolean };
  serviceMonitor?: { enabled?: boolean };
}
