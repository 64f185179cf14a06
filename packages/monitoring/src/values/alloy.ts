import type { ResourcesValue, TolerationValue } from "./common.js";

/** Values of grafana/alloy 1.11.1 that this package sets. */
export interface AlloyValues {
  fullnameOverride?: string;
  /** The PodLogs CRD subchart. */
  crds?: { create?: boolean };
  alloy?: {
    configMap?: { create?: boolean; content?: string };
    clustering?: { enabled?: boolean };
    stabilityLevel?: string;
    enableReporting?: boolean;
    extraPorts?: {
      name: string;
      port: number;
      targetPort: number;
      protocol?: string;
      appProtocol?: string;
    }[];
    mounts?: { varlog?: boolean; dockercontainers?: boolean };
    resources?: ResourcesValue;
  };
  configReloader?: { resources?: ResourcesValue };
  controller?: {
    type?: "daemonset" | "deployment" | "statefulset";
    replicas?: number;
    tolerations?: TolerationValue[];
    podDisruptionBudget?: { enabled?: boolean; maxUnavailable?: number };
    /** `horizontal.externalHPA`: the chart leaves the replicas to an HPA it does not create. */
    autoscaling?: { horizontal?: { enabled?: boolean; externalHPA?: boolean } };
    affinity?: Record<string, unknown>;
  };
  service?: { enabled?: boolean };
  serviceMonitor?: { enabled?: boolean };
}
