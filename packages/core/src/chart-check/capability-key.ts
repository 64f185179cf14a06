import semver from "semver";
import type { JsonValue } from "../model/kube-object.js";
import type { ChartTemplateUse } from "./chart-template-use.js";

/**
 * The part of a release's cache key that stands for the cluster Helm templates for: only what the
 * chart can see of it. A chart that never reads `.Capabilities.KubeVersion` sees the Kubernetes
 * version only through its Chart.yaml `kubeVersion` constraints, so the key holds whether each is
 * met; a chart that asks `.Capabilities.APIVersions.Has "x"` sees only those answers. Two clusters
 * (or two CRD sets) that give a chart the same answers share its result; a chart read in a way
 * this cannot tell apart gets the whole Kubernetes version and API version list in its key.
 */
export function capabilityKey(
  use: ChartTemplateUse,
  kubeVersion: string,
  apiVersions: readonly string[],
): JsonValue {
  const met = use.readsKubeVersion ? undefined : constraintsMet(use.kubeVersionConstraints, kubeVersion);
  const known = new Set(apiVersions);
  return {
    kubeVersion: met === undefined ? kubeVersion : null,
    kubeVersionConstraintsMet: met ?? null,
    apiVersions:
      use.apiVersionQueries === "any" ? [...apiVersions] : use.apiVersionQueries.filter((q) => known.has(q)),
  };
}

/**
 * Whether the Kubernetes version meets each constraint (Helm's Masterminds syntax: commas and
 * spaces join, `||` alternates), or undefined when one cannot be told for sure here (a version
 * with a pre-release part, a constraint npm's semver cannot read).
 */
export function constraintsMet(constraints: readonly string[], kubeVersion: string): boolean[] | undefined {
  const version = semver.parse(kubeVersion, { loose: true }) ?? semver.coerce(kubeVersion);
  if (!version || version.prerelease.length > 0) return undefined;
  const out: boolean[] = [];
  for (const constraint of constraints) {
    const range = semver.validRange(constraint.replaceAll(",", " "), { loose: true });
    if (range === null) return undefined;
    out.push(semver.satisfies(version, range, { includePrerelease: true }));
  }
  return out;
}
