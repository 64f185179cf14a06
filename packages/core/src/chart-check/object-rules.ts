import { jsonAt, jsonList, jsonString } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import type { PolicyViolation } from "../validate/policy.js";
import { checkPolicy } from "../validate/policy.js";
import type { PlainObject } from "../validate/reference-rules.js";

/** Pod specs of the workload kinds, with their JSON pointer. */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ["spec"],
  "apps/Deployment": ["spec", "template", "spec"],
  "apps/StatefulSet": ["spec", "template", "spec"],
  "apps/DaemonSet": ["spec", "template", "spec"],
  "apps/ReplicaSet": ["spec", "template", "spec"],
  "batch/Job": ["spec", "template", "spec"],
  "batch/CronJob": ["spec", "jobTemplate", "spec", "template", "spec"],
};

/**
 * The platform's container rules on one object a chart templates: the same as for our own objects
 * (requests, memory limit, pinned image; see checkPolicy), plus no CPU limit unless the component
 * allows them with a reason, and except the images the component names as set at admission (a
 * webhook replaces them when the pod is created). Rules about what we commit (plain Secrets, chart pins) do not apply
 * to what a chart creates in the cluster.
 */
export function chartObjectPolicy(
  type: string,
  obj: PlainObject,
  cpuLimitsAllowed: boolean,
  imagesSetAtAdmission: ReadonlySet<string> = new Set(),
): PolicyViolation[] {
  const podPath = POD_SPEC_PATHS[type];
  if (!podPath) return [];
  const base = `/${podPath.join("/")}`;
  const podSpec = jsonAt(obj as JsonValue, ...podPath);
  const admitted = new Set<string>();
  for (const group of ["initContainers", "containers"]) {
    jsonList(jsonAt(podSpec, group)).forEach((c, i) => {
      if (imagesSetAtAdmission.has(jsonString(jsonAt(c, "image")) ?? ""))
        admitted.add(`${base}/${group}/${i}/image`);
    });
  }
  const out = checkPolicy(type, obj).filter((v) => v.path.startsWith(`${base}/`) && !admitted.has(v.path));
  if (cpuLimitsAllowed) return out;
  for (const group of ["initContainers", "containers"]) {
    jsonList(jsonAt(podSpec, group)).forEach((c, i) => {
      const limit = jsonAt(c, "resources", "limits", "cpu");
      if (limit !== undefined && limit !== null) {
        const name = jsonString(jsonAt(c, "name")) ?? String(i);
        out.push({
          path: `${base}/${group}/${i}/resources/limits/cpu`,
          message: `container "${name}" has a CPU limit (${JSON.stringify(limit)}): CPU limits throttle; remove it in the values, or set chartCheck.cpuLimits with the reason`,
        });
      }
    });
  }
  return out;
}
