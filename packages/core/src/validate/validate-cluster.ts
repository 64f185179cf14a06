import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { FLUX_NAMESPACE, SOPS_AGE_SECRET } from "../builders/flux.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import { compareCodePoints } from "../model/code-point-order.js";
import type { AssembledCluster, PlacedObject } from "../render/assemble.js";
import { loadAgeIdentities } from "../secrets/identities.js";
import { checkAutoscaling } from "./autoscaling-rules.js";
import { chartKeyOf, validateChartValues } from "./chart-values.js";
import { CLUSTER_ISSUER_TYPE, INGRESS_CLASS_TYPE } from "./class-issuer-rules.js";
import { endpointProblems, integrationProblems, providedReferenceTargets } from "./contract-checks.js";
import { resolveModel } from "./model-registry.js";
import { checkNames } from "./name-checks.js";
import { checkPolicy } from "./policy.js";
import type { Problem } from "./problem.js";
import { providedBy, referencesOf } from "./reference-rules.js";
import { isClusterScoped } from "./resource-scope.js";
import { checkSecretCopies, type SecretCopyCount } from "./secret-copies.js";
import { checkSecretFiles, type SecretFileContents, type SecretMacCount } from "./secret-files.js";
import { validateStrict } from "./strict-schema.js";

/** Result of validating an assembled cluster. */
export interface ValidationResult {
  readonly problems: readonly Problem[];
  /** Encrypted Secret files read during validation, by path in the cluster folder. */
  readonly secretFiles: SecretFileContents;
  /** Secret files whose MAC was verified, and those left unverified for want of an age key. */
  readonly secretMacs: SecretMacCount;
  /** Keys copied from another Secret (one source per credential), compared or not (no age key). */
  readonly secretCopies: SecretCopyCount;
}

const objectContext = (cluster: string, o: PlacedObject) => ({
  cluster,
  package: o.packageName,
  ...(o.component ? { component: o.component } : {}),
  object: o.id,
});

/**
 * Validates every object of a cluster and reports every problem at once: names (Kubernetes and file
 * system rules), schema (strict, unknown fields rejected), chart values, references (sources, secrets, issuers, namespaces, dependsOn),
 * policy, and the encrypted Secret files.
 */
export async function validateCluster(
  assembled: AssembledCluster,
  settings: ClusterSettings,
  clusterDir: string,
): Promise<ValidationResult> {
  const cluster = assembled.name;
  const problems: Problem[] = [...assembled.problems, ...checkNames(assembled)];

  // Duplicates: same type, namespace and name.
  const index = new Map<string, PlacedObject>();
  const keyOf = (type: string, ns: string | undefined, name: string): string => `${type}|${ns ?? ""}|${name}`;
  for (const o of assembled.objects) {
    const meta = o.object.metadata as { name?: string; namespace?: string } | undefined;
    const k = keyOf(o.type, meta?.namespace, meta?.name ?? "");
    const first = index.get(k);
    if (first) {
      problems.push({
        ...objectContext(cluster, o),
        layer: "policy",
        message: `duplicate ${o.id}: also rendered by ${first.packageName}${first.component ? ` › ${first.component}` : ""}`,
      });
    } else index.set(k, o);
  }

  // Schema and values.
  await Promise.all(
    assembled.objects.map(async (o) => {
      const model = await resolveModel(o.source);
      if (!model) {
        problems.push({
          ...objectContext(cluster, o),
          layer: "schema",
          message: `no schema known for apiVersion "${o.source.apiVersion}" kind "${o.source.kind}": register its model`,
        });
        return;
      }
      for (const v of validateStrict(model, o.object)) {
        problems.push({ ...objectContext(cluster, o), layer: "schema", path: v.path, message: v.message });
      }
      if (o.type !== "helm.toolkit.fluxcd.io/HelmRelease") return;
      const ns = (o.object.metadata as { namespace?: string } | undefined)?.namespace;
      const chartKey = chartKeyOf(
        o.object,
        (name) => index.get(keyOf("source.toolkit.fluxcd.io/OCIRepository", ns, name))?.object,
      );
      for (const v of await validateChartValues(chartKey, o.object)) {
        problems.push({ ...objectContext(cluster, o), layer: "values", path: v.path, message: v.message });
      }
    }),
  );

  // References.
  const exists = new Set(index.keys());
  const namespaces = new Set(assembled.builtInNamespaces);
  for (const o of assembled.objects) {
    if (o.type === "Namespace") namespaces.add(String((o.object.metadata as { name?: string }).name));
  }
  for (const o of assembled.objects) {
    const ns = (o.object.metadata as { namespace?: string } | undefined)?.namespace;
    for (const p of providedBy(o.type, o.object, ns)) exists.add(keyOf(p.type, p.namespace, p.name));
  }
  for (const p of providedReferenceTargets(assembled)) exists.add(keyOf(p.type, p.namespace, p.name));
  for (const s of assembled.secrets) exists.add(keyOf("Secret", s.namespace, s.ref.name));
  exists.add(keyOf("Secret", FLUX_NAMESPACE, SOPS_AGE_SECRET));
  if (settings.git.secretName) exists.add(keyOf("Secret", FLUX_NAMESPACE, settings.git.secretName));

  for (const o of assembled.objects) {
    const ns = (o.object.metadata as { namespace?: string } | undefined)?.namespace;
    if (ns !== undefined && !namespaces.has(ns)) {
      problems.push({
        ...objectContext(cluster, o),
        layer: "reference",
        path: "/metadata/namespace",
        message: `namespace "${ns}" is not rendered in this cluster`,
      });
    }
    for (const ref of referencesOf(o.type, o.object, ns)) {
      const targetNs = isClusterScoped(ref.type) ? undefined : ref.namespace;
      if (!exists.has(keyOf(ref.type, targetNs, ref.name))) {
        const where = targetNs ? `${targetNs}/${ref.name}` : ref.name;
        problems.push({
          ...objectContext(cluster, o),
          layer: "reference",
          path: ref.path,
          message: `refers to ${ref.type} ${where}, which is not in this cluster${REFERENCE_HINTS[ref.type] ?? ""}`,
        });
      }
    }
    for (const v of checkPolicy(o.type, o.object)) {
      problems.push({ ...objectContext(cluster, o), layer: "policy", path: v.path, message: v.message });
    }
  }

  // Contracts: integrations on without what they need, provided endpoints without their Service.
  problems.push(...integrationProblems(assembled));
  problems.push(...endpointProblems(assembled, (ns, name) => index.get(keyOf("Service", ns, name))));

  // Encrypted Secret files.
  const secretCheck = await checkSecretFiles(clusterDir, assembled.secrets, settings.sopsAgeRecipients);
  for (const p of secretCheck.problems) {
    problems.push({
      cluster,
      layer: "secret",
      package: p.secret.packageName,
      component: p.secret.component,
      object: `Secret/${p.secret.namespace}/${p.secret.ref.name}`,
      message: p.message,
    });
  }
  if (secretCheck.keyProblem !== undefined)
    problems.push({ cluster, layer: "secret", message: secretCheck.keyProblem });
  problems.push(...checkAutoscaling(assembled, secretCheck.contents));
  // Keys are read only when some Secret copies another's key: their values are compared then.
  const copying = assembled.secrets.some((s) => s.ref.source !== undefined);
  const identities =
    copying && secretCheck.keyProblem === undefined
      ? await loadAgeIdentities(process.env).catch(() => [])
      : [];
  const copies = await checkSecretCopies(
    assembled.secrets,
    async (path) =>
      secretCheck.contents.get(path) ??
      (await readFile(join(clusterDir, path), "utf8").catch(() => undefined)),
    identities,
  );
  for (const p of copies.problems)
    problems.push({
      cluster,
      layer: "secret",
      package: p.secret.packageName,
      component: p.secret.component,
      object: `Secret/${p.secret.namespace}/${p.secret.ref.name}`,
      message: p.message,
    });
  return {
    problems: sortProblems(problems),
    secretFiles: secretCheck.contents,
    secretMacs: secretCheck.macs,
    secretCopies: copies.copies,
  };
}

/** What to do about a reference to a missing object, by its type. */
const REFERENCE_HINTS: Readonly<Record<string, string>> = {
  Secret: " (declare it as a component secretRef)",
  [INGRESS_CLASS_TYPE]:
    ": no component provides that ingress class (INGRESS_CLASS handle) or renders it; add the package whose controller serves it, or name a class the cluster has",
  [CLUSTER_ISSUER_TYPE]:
    ": no component renders or provides that ClusterIssuer (CLUSTER_ISSUER handle); add the package that creates it, or name an issuer the cluster has",
};

/** Stable order so that error output is reproducible. */
function sortProblems(problems: Problem[]): Problem[] {
  const key = (p: Problem): string =>
    [p.package ?? "", p.component ?? "", p.object ?? "", p.path ?? "", p.message].join("\u0000");
  return problems.sort((a, b) => compareCodePoints(key(a), key(b)));
}
