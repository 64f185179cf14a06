import { isJsonObject, jsonAt, jsonString } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import type { PlainObject } from "./reference-rules.js";

/** A policy violation inside one object. */
export interface PolicyViolation {
  readonly path: string;
  readonly message: string;
}

/** An exact version: "1.2.3" or "v1.2.3", optional pre-release and build metadata. */
const EXACT_VERSION = /^v?\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$/;

/** Why a version is not an exact pin, or undefined when it is one. */
export function unpinnedReason(version: string | undefined): string | undefined {
  if (version === undefined || version === "") return "no version pinned";
  if (version === "latest" || version === "*") return `version "${version}" is not a pin`;
  if (!EXACT_VERSION.test(version))
    return `version "${version}" is a range or not a semantic version: pin an exact version`;
  return undefined;
}

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
 * Platform policy (layer 4 of README.md's "Validation") for one object: no plain Secrets, pinned chart and artifact
 * versions, pinned images and resource requests/limits on every container we define.
 */
export function checkPolicy(type: string, obj: PlainObject): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  if (type === "Secret") {
    out.push({
      path: "/",
      message: "plain Secret objects are forbidden: declare a secretRef and commit a SOPS-encrypted file",
    });
  }
  if (type === "source.toolkit.fluxcd.io/OCIRepository") {
    const ref = jsonAt(obj, "spec", "ref");
    if (jsonAt(ref, "semver") !== undefined)
      out.push({
        path: "/spec/ref/semver",
        message: "semver ranges are not pins: use ref.tag with an exact version",
      });
    else if (jsonAt(ref, "digest") === undefined) {
      const reason = unpinnedReason(jsonString(jsonAt(ref, "tag")));
      if (reason) out.push({ path: "/spec/ref/tag", message: reason });
    }
  }
  if (type === "helm.toolkit.fluxcd.io/HelmRelease" && jsonAt(obj, "spec", "chart") !== undefined) {
    const reason = unpinnedReason(jsonString(jsonAt(obj, "spec", "chart", "spec", "version")));
    if (reason) out.push({ path: "/spec/chart/spec/version", message: reason });
  }
  const podPath = POD_SPEC_PATHS[type];
  if (podPath) out.push(...checkPodSpec(jsonAt(obj, ...podPath), `/${podPath.join("/")}`));
  return out;
}

function checkPodSpec(podSpec: JsonValue | undefined, base: string): PolicyViolation[] {
  const out: PolicyViolation[] = [];
  for (const group of ["initContainers", "containers"]) {
    const containers = jsonAt(podSpec, group);
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      const path = `${base}/${group}/${i}`;
      const image = jsonString(jsonAt(c, "image")) ?? "";
      const tag = image.includes("@") ? "digest" : image.slice(image.lastIndexOf("/") + 1).split(":")[1];
      if (!tag || tag === "latest")
        out.push({ path: `${path}/image`, message: `image "${image}" is not pinned to a version or digest` });
      for (const kind of ["requests", "limits"]) {
        const r = jsonAt(c, "resources", kind);
        if (!isJsonObject(r) || jsonAt(r, "memory") === undefined) {
          out.push({
            path: `${path}/resources/${kind}`,
            message: `container must set resources.${kind}.memory`,
          });
        }
      }
      if (jsonAt(c, "resources", "requests", "cpu") === undefined) {
        out.push({
          path: `${path}/resources/requests/cpu`,
          message: "container must set resources.requests.cpu",
        });
      }
    });
  }
  return out;
}
