import { type AssembledCluster, CORE_PACKAGE } from "../render/assemble.js";
import type { Problem } from "./problem.js";
import { dns1123LabelProblem, dns1123SubdomainProblem, invisibleCharacterProblem } from "./syntax.js";

/** Kinds whose names Kubernetes checks as DNS-1123 labels (they become DNS names or label values). */
const LABEL_NAMED = new Set(["Namespace", "Service"]);
/** RBAC kinds: any path segment is a valid name (e.g. "system:metrics-server:aggregated-reader"). */
const PATH_SEGMENT_NAMED = new Set([
  "rbac.authorization.k8s.io/Role",
  "rbac.authorization.k8s.io/ClusterRole",
  "rbac.authorization.k8s.io/RoleBinding",
  "rbac.authorization.k8s.io/ClusterRoleBinding",
]);

/** What is wrong with an object's metadata.name for its kind, as the API server would judge it. */
export function objectNameProblem(type: string, name: string | undefined): string | undefined {
  if (name === undefined || name === "") return "metadata.name is empty: every object needs a name";
  if (LABEL_NAMED.has(type)) return dns1123LabelProblem(name);
  if (PATH_SEGMENT_NAMED.has(type)) {
    const invisible = invisibleCharacterProblem(name);
    if (invisible) return invisible;
    return name === "." || name === ".." || /[/%]/.test(name)
      ? `"${name}" is not a valid ${type} name: no "/", "%", "." or ".."`
      : undefined;
  }
  return dns1123SubdomainProblem(name);
}

/**
 * Checks the name of every object a package rendered by its kind's rule, and the names of the
 * Secrets components declare. Component and namespace names are checked while the cluster is
 * assembled (componentNameProblem, namespace names), so the Namespaces and per-component Flux
 * Kustomizations core adds for them are skipped here rather than reported twice.
 */
export function checkNames(assembled: AssembledCluster): Problem[] {
  const cluster = assembled.name;
  const problems: Problem[] = [];
  for (const o of assembled.objects) {
    if (o.type === "Namespace" || (o.packageName === CORE_PACKAGE && o.component !== undefined)) continue;
    const meta = o.object.metadata as { name?: unknown } | undefined;
    const problem = objectNameProblem(o.type, typeof meta?.name === "string" ? meta.name : undefined);
    if (problem)
      problems.push({
        cluster,
        layer: "input",
        package: o.packageName,
        ...(o.component ? { component: o.component } : {}),
        object: o.id,
        path: "/metadata/name",
        message: problem,
      });
  }
  for (const s of assembled.secrets) {
    const problem = dns1123SubdomainProblem(s.ref.name);
    if (problem)
      problems.push({
        cluster,
        layer: "input",
        package: s.packageName,
        component: s.component,
        object: `Secret/${s.namespace}/${s.ref.name}`,
        message: `secret name ${problem}`,
      });
  }
  return problems;
}

/**
 * What is wrong with a component name: it names the component's folder and its Flux
 * Kustomization, whose name is also the value of the `kustomize.toolkit.fluxcd.io/name` label on
 * every object it applies, so it must be a DNS-1123 label (≤ 63 characters).
 */
export function componentNameProblem(name: string): string | undefined {
  const problem = dns1123LabelProblem(name);
  return problem ? `component name ${problem}` : undefined;
}

/** What is wrong with a namespace name (a DNS-1123 label, and the namespace's folder). */
export function namespaceNameProblem(name: string): string | undefined {
  const problem = dns1123LabelProblem(name);
  return problem ? `namespace name ${problem}` : undefined;
}
