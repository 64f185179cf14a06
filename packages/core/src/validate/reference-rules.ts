import { jsonAt, jsonList, jsonString } from "../model/json-path.js";
import type { JsonValue, ResourceType } from "../model/kube-object.js";
import { annotationRefs, helmValuesRefs, ingressRefs } from "./class-issuer-rules.js";

/** A name one object points to. */
export interface Reference {
  /** Type of the referenced object ("Secret", "source.toolkit.fluxcd.io/OCIRepository"…). */
  readonly type: ResourceType;
  /** Namespace of the target (absent for cluster-scoped targets). */
  readonly namespace?: string;
  readonly name: string;
  /** JSON pointer of the referring field. */
  readonly path: string;
}

/** An object in the rendered cluster, as plain JSON. */
export type PlainObject = Record<string, JsonValue>;

/** Finds the references of one object. */
export type ReferenceRule = (obj: PlainObject, namespace: string | undefined) => Reference[];
/** Lists the objects one object makes exist at runtime (a Certificate makes its Secret). */
export type ProvideRule = (obj: PlainObject, namespace: string | undefined) => Omit<Reference, "path">[];

/** Where cert-manager looks for Secrets of ClusterIssuers (its --cluster-resource-namespace). */
export const CERT_MANAGER_CLUSTER_RESOURCE_NAMESPACE = "cert-manager";

const FLUX_SOURCE = "source.toolkit.fluxcd.io";

const fluxKustomization: ReferenceRule = (obj, ns) => {
  const refs: Reference[] = [];
  const spec = jsonAt(obj, "spec");
  const kind = jsonString(jsonAt(spec, "sourceRef", "kind"));
  const name = jsonString(jsonAt(spec, "sourceRef", "name"));
  if (kind && name) {
    refs.push({
      type: `${FLUX_SOURCE}/${kind}`,
      namespace: jsonString(jsonAt(spec, "sourceRef", "namespace")) ?? ns,
      name,
      path: "/spec/sourceRef",
    });
  }
  jsonList(jsonAt(spec, "dependsOn")).forEach((d, i) => {
    const n = jsonString(jsonAt(d, "name"));
    if (n) {
      refs.push({
        type: "kustomize.toolkit.fluxcd.io/Kustomization",
        namespace: jsonString(jsonAt(d, "namespace")) ?? ns,
        name: n,
        path: `/spec/dependsOn/${i}`,
      });
    }
  });
  const secret = jsonString(jsonAt(spec, "decryption", "secretRef", "name"));
  if (secret) refs.push({ type: "Secret", namespace: ns, name: secret, path: "/spec/decryption/secretRef" });
  return refs;
};

const helmRelease: ReferenceRule = (obj, ns) => {
  const refs: Reference[] = [];
  const spec = jsonAt(obj, "spec");
  const chartRef = jsonAt(spec, "chartRef");
  const refKind = jsonString(jsonAt(chartRef, "kind"));
  const refName = jsonString(jsonAt(chartRef, "name"));
  if (refKind && refName) {
    refs.push({
      type: `${FLUX_SOURCE}/${refKind}`,
      namespace: jsonString(jsonAt(chartRef, "namespace")) ?? ns,
      name: refName,
      path: "/spec/chartRef",
    });
  }
  const sourceRef = jsonAt(spec, "chart", "spec", "sourceRef");
  const srcKind = jsonString(jsonAt(sourceRef, "kind"));
  const srcName = jsonString(jsonAt(sourceRef, "name"));
  if (srcKind && srcName) {
    refs.push({
      type: `${FLUX_SOURCE}/${srcKind}`,
      namespace: jsonString(jsonAt(sourceRef, "namespace")) ?? ns,
      name: srcName,
      path: "/spec/chart/spec/sourceRef",
    });
  }
  jsonList(jsonAt(spec, "dependsOn")).forEach((d, i) => {
    const n = jsonString(jsonAt(d, "name"));
    if (n) {
      refs.push({
        type: "helm.toolkit.fluxcd.io/HelmRelease",
        namespace: jsonString(jsonAt(d, "namespace")) ?? ns,
        name: n,
        path: `/spec/dependsOn/${i}`,
      });
    }
  });
  jsonList(jsonAt(spec, "valuesFrom")).forEach((v, i) => {
    const kind = jsonString(jsonAt(v, "kind"));
    const n = jsonString(jsonAt(v, "name"));
    if (kind && n && jsonAt(v, "optional") !== true) {
      refs.push({ type: kind, namespace: ns, name: n, path: `/spec/valuesFrom/${i}` });
    }
  });
  return refs;
};

const sourceSecret: ReferenceRule = (obj, ns) => {
  const name = jsonString(jsonAt(obj, "spec", "secretRef", "name"));
  return name ? [{ type: "Secret", namespace: ns, name, path: "/spec/secretRef" }] : [];
};

const certificate: ReferenceRule = (obj, ns) => {
  const issuer = jsonAt(obj, "spec", "issuerRef");
  const name = jsonString(jsonAt(issuer, "name"));
  if (!name) return [];
  const group = jsonString(jsonAt(issuer, "group")) ?? "cert-manager.io";
  if (group !== "cert-manager.io") return [];
  const kind = jsonString(jsonAt(issuer, "kind")) ?? "Issuer";
  return kind === "ClusterIssuer"
    ? [{ type: "cert-manager.io/ClusterIssuer", name, path: "/spec/issuerRef" }]
    : [{ type: "cert-manager.io/Issuer", namespace: ns, name, path: "/spec/issuerRef" }];
};

const issuer =
  (clusterScoped: boolean): ReferenceRule =>
  (obj, ns) => {
    const secretNs = clusterScoped ? CERT_MANAGER_CLUSTER_RESOURCE_NAMESPACE : ns;
    const refs: Reference[] = [];
    const spec = jsonAt(obj, "spec");
    const ca = jsonString(jsonAt(spec, "ca", "secretName"));
    if (ca) refs.push({ type: "Secret", namespace: secretNs, name: ca, path: "/spec/ca/secretName" });
    jsonList(jsonAt(spec, "acme", "solvers")).forEach((solver, i) => {
      const cf = jsonAt(solver, "dns01", "cloudflare");
      for (const field of ["apiTokenSecretRef", "apiKeySecretRef"]) {
        const n = jsonString(jsonAt(cf, field, "name"));
        if (n) {
          refs.push({
            type: "Secret",
            namespace: secretNs,
            name: n,
            path: `/spec/acme/solvers/${i}/dns01/cloudflare/${field}`,
          });
        }
      }
    });
    return refs;
  };

/** Secret, ConfigMap and ServiceAccount references of a pod spec. */
function podSpecRefs(podSpec: JsonValue | undefined, base: string, ns: string | undefined): Reference[] {
  const refs: Reference[] = [];
  const add = (type: ResourceType, name: string | undefined, path: string): void => {
    if (name) refs.push({ type, namespace: ns, name, path: `${base}${path}` });
  };
  for (const group of ["initContainers", "containers"]) {
    jsonList(jsonAt(podSpec, group)).forEach((c, i) => {
      jsonList(jsonAt(c, "env")).forEach((e, j) => {
        const p = `/${group}/${i}/env/${j}/valueFrom`;
        const s = jsonAt(e, "valueFrom", "secretKeyRef");
        if (jsonAt(s, "optional") !== true) add("Secret", jsonString(jsonAt(s, "name")), `${p}/secretKeyRef`);
        const m = jsonAt(e, "valueFrom", "configMapKeyRef");
        if (jsonAt(m, "optional") !== true)
          add("ConfigMap", jsonString(jsonAt(m, "name")), `${p}/configMapKeyRef`);
      });
      jsonList(jsonAt(c, "envFrom")).forEach((e, j) => {
        const p = `/${group}/${i}/envFrom/${j}`;
        if (jsonAt(e, "secretRef", "optional") !== true)
          add("Secret", jsonString(jsonAt(e, "secretRef", "name")), `${p}/secretRef`);
        if (jsonAt(e, "configMapRef", "optional") !== true) {
          add("ConfigMap", jsonString(jsonAt(e, "configMapRef", "name")), `${p}/configMapRef`);
        }
      });
    });
  }
  jsonList(jsonAt(podSpec, "volumes")).forEach((v, i) => {
    if (jsonAt(v, "secret", "optional") !== true)
      add("Secret", jsonString(jsonAt(v, "secret", "secretName")), `/volumes/${i}/secret`);
    if (jsonAt(v, "configMap", "optional") !== true) {
      add("ConfigMap", jsonString(jsonAt(v, "configMap", "name")), `/volumes/${i}/configMap`);
    }
  });
  jsonList(jsonAt(podSpec, "imagePullSecrets")).forEach((s, i) => {
    add("Secret", jsonString(jsonAt(s, "name")), `/imagePullSecrets/${i}`);
  });
  const sa = jsonString(jsonAt(podSpec, "serviceAccountName"));
  if (sa && sa !== "default") add("ServiceAccount", sa, "/serviceAccountName");
  return refs;
}

const podTemplate =
  (...keys: string[]): ReferenceRule =>
  (obj, ns) =>
    podSpecRefs(jsonAt(obj, ...keys), `/${keys.join("/")}`, ns);

const referenceRules = new Map<ResourceType, ReferenceRule[]>();
const provideRules = new Map<ResourceType, ProvideRule[]>();

/** Teaches reference validation what objects of a type point to. */
export function registerReferenceRule(type: ResourceType, rule: ReferenceRule): void {
  referenceRules.set(type, [...(referenceRules.get(type) ?? []), rule]);
}

/** Teaches reference validation what objects of a type create at runtime. */
export function registerProvideRule(type: ResourceType, rule: ProvideRule): void {
  provideRules.set(type, [...(provideRules.get(type) ?? []), rule]);
}

/** The references of one object, by the rules for its type, and the issuer annotations any object may carry. */
export function referencesOf(type: ResourceType, obj: PlainObject, ns: string | undefined): Reference[] {
  return [...(referenceRules.get(type) ?? []).flatMap((rule) => rule(obj, ns)), ...annotationRefs(obj, ns)];
}

/** What one object makes exist at runtime. */
export function providedBy(
  type: ResourceType,
  obj: PlainObject,
  ns: string | undefined,
): Omit<Reference, "path">[] {
  return (provideRules.get(type) ?? []).flatMap((rule) => rule(obj, ns));
}

registerReferenceRule("kustomize.toolkit.fluxcd.io/Kustomization", fluxKustomization);
registerReferenceRule("helm.toolkit.fluxcd.io/HelmRelease", helmRelease);
registerReferenceRule("helm.toolkit.fluxcd.io/HelmRelease", helmValuesRefs);
registerReferenceRule("networking.k8s.io/Ingress", ingressRefs);
for (const kind of ["OCIRepository", "HelmRepository", "GitRepository"]) {
  registerReferenceRule(`${FLUX_SOURCE}/${kind}`, sourceSecret);
}
registerReferenceRule("cert-manager.io/Certificate", certificate);
registerReferenceRule("cert-manager.io/ClusterIssuer", issuer(true));
registerReferenceRule("cert-manager.io/Issuer", issuer(false));
for (const kind of ["Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"]) {
  registerReferenceRule(`apps/${kind}`, podTemplate("spec", "template", "spec"));
}
registerReferenceRule("batch/Job", podTemplate("spec", "template", "spec"));
registerReferenceRule("batch/CronJob", podTemplate("spec", "jobTemplate", "spec", "template", "spec"));
registerReferenceRule("Pod", podTemplate("spec"));
registerProvideRule("cert-manager.io/Certificate", (obj, ns) => {
  const name = jsonString(jsonAt(obj, "spec", "secretName"));
  return name ? [{ type: "Secret", namespace: ns, name }] : [];
});
