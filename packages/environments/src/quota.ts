import { LimitRange } from "kubernetes-models/v1/LimitRange";
import { ResourceQuota } from "kubernetes-models/v1/ResourceQuota";
import type { LimitOptions, QuotaOptions } from "./options.js";

/**
 * The namespace's totals. Load balancers and node ports are set to zero: traffic enters through the
 * ingress gateway only.
 */
export function resourceQuota(namespace: string, quota: Required<QuotaOptions>): ResourceQuota {
  return new ResourceQuota({
    metadata: { name: "environment-quota", namespace },
    spec: {
      hard: {
        "requests.cpu": quota.requestsCpu,
        "requests.memory": quota.requestsMemory,
        "limits.memory": quota.limitsMemory,
        pods: String(quota.pods),
        persistentvolumeclaims: String(quota.persistentVolumeClaims),
        "requests.storage": quota.requestsStorage,
        "services.loadbalancers": "0",
        "services.nodeports": "0",
      },
    },
  });
}

/**
 * Per-container defaults (so that a container without resources still fits the quota, which
 * requires requests and memory limits) and a memory ceiling. No CPU limit: it only throttles.
 */
export function limitRange(namespace: string, limits: Required<LimitOptions>): LimitRange {
  return new LimitRange({
    metadata: { name: "container-defaults", namespace },
    spec: {
      limits: [
        {
          type: "Container",
          defaultRequest: { cpu: limits.defaultCpuRequest, memory: limits.defaultMemoryRequest },
          default: { memory: limits.defaultMemoryLimit },
          max: { memory: limits.maxMemory },
        },
      ],
    },
  });
}
