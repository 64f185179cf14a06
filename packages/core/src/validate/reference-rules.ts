import type { JsonValue, ResourceType } from "../model/kube-object.js";

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

type Obj = { [key: string]: JsonValue };
const isObj = (v: JsonValue | undefined): v is Obj =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: JsonValue | undefined): string | undefined => (typeof v === "string" ? v : undefined);
const at = (v: JsonValue | undefined, ...keys: string[]): JsonValue | undefined => {
  let cur = v;
  for (const k of keys) cur = isObj(cur) ? cur[k] : undefined;
  return cur;
};
const list = (v: JsonValue | undefined): JsonValue[] => (Array.isArray(v) ? v : []);

/** Where cert-manager looks for Secrets of ClusterIssuers (its --cluster-resource-namespace). */
export const CERT_MANAGER_CLUSTER_RESOURCE_NAMESPACE = "cert-manager";

const FLUX_SOURCE = "source.toolkit.fluxcd.io";

const fluxKustomization: ReferenceRule = (obj, ns) => {
  const refs: Reference[] = [];
  const spec = at(obj, "spec");
  const kind = str(at(spec, "sourceRef", "kind"));
  const name = str(at(spec, "sourceRef", "name"));
  if (kind && name) {
    refs.push({
      type: `${FLUX_SOURCE}/${kind}`,
      namespace: str(at(spec, "sourceRef", "namespace")) ?? ns,
      name,
      path: "/spec/sourceRef",
    });
  }
  list(at(spec, "dependsOn")).forEach((d, i) => {
    const n = str(at(d, "name"));
    if (n) {
      refs.push({
        type: "kustomize.toolkit.fluxcd.io/Kustomization",
        namespace: str(at(d, "namespace")) ?? ns,
        name: n,
        path: `/spec/dependsOn/${i}`,
      });
    }
  });
  const secret = str(at(spec, "decryption", "secretRef", "name"));
  if (secret) refs.push({ type: "Secret", namespace: ns, name: secret, path: "/spec/decryption/secretRef" });
  return refs;
};

const helmRelease: ReferenceRule = (obj, ns) => {
  const refs: Reference[] = [];
  const spec = at(obj, "spec");
  const chartRef = at(spec, "chartRef");
  const refKind = str(at(chartRef, "kind"));
  const refName = str(at(chartRef, "name"));
  if (refKind && refName) {
    refs.push({
      type: `${FLUX_SOURCE}/${refKind}`,
      namespace: str(at(chartRef, "namespace")) ?? ns,
      name: refName,
      path: "/spec/chartRef",
    });
  }
  const sourceRef = at(spec, "chart", "spec", "sourceRef");
  const srcKind = str(at(sourceRef, "kind"));
  const srcName = str(at(sourceRef, "name"));
  if (srcKind && srcName) {
    refs.push({
      type: `${FLUX_SOURCE}/${srcKind}`,
      namespace: str(at(sourceRef, "namespace")) ?? ns,
      name: srcName,
      path: "/spec/chart/spec/sourceRef",
    });
  }
  list(at(spec, "dependsOn")).forEach((d, i) => {
    const n = str(at(d, "name"));
    if (n) {
      refs.push({
        type: "helm.toolkit.fluxcd.io/HelmRelease",
        namespace: str(at(d, "namespace")) ?? ns,
        name: n,
        path: `/spec/dependsOn/${i}`,
      });
    }
  });
  list(at(spec, "valuesFrom")).forEach((v, i) => {
    const kind = str(at(v, "kind"));
    const n = str(at(v, "name"));
    if (kind && n && at(v, "optional") !== true) {
      refs.push({ type: kind, namespace: ns, name: n, path: `/spec/valuesFrom/${i}` });
    }
  });
  return refs;
};

const sourceSecret: ReferenceRule = (obj, ns) => {
  const name = str(at(obj, "spec", "secretRef", "name"));
  return name ? [{ type: "Secret", namespace: ns, name, path: "/spec/secretRef" }] : [];
};

const certificate: ReferenceRule = (obj, ns) => {
  const issuer = at(obj, "spec", "issuerRef");
  const name = str(at(issuer, "name"));
  if (!name) return [];
  const group = str(at(issuer, "group")) ?? "cert-manager.io";
  if (group !== "cert-manager.io") return [];
  const kind = str(at(issuer, "kind")) ?? "Issuer";
  return kind === "ClusterIssuer"
    ? [{ type: "cert-manager.io/ClusterIssuer", name, path: "/spec/issuerRef" }]
    : [{ type: "cert-manager.io/Issuer", namespace: ns, name, path: "/spec/issuerRef" }];
};

const issuer =
  (clusterScoped: boolean): ReferenceRule =>
  (obj, ns) => {
    const secretNs = clusterScoped ? CERT_MANAGER_CLUSTER_RESOURCE_NAMESPACE : ns;
    const refs: Reference[] = [];
    const spec = at(obj, "spec");
    const ca = str(at(spec, "ca", "secretName"));
    if (ca) refs.push({ type: "Secret", namespace: secretNs, name: ca, path: "/spec/ca/secretName" });
    list(at(spec, "acme", "solvers")).forEach((solver, i) => {
      const cf = at(solver, "dns01", "cloudflare");
      for (const field of ["apiTokenSecretRef", "apiKeySecretRef"]) {
        const n = str(at(cf, field, "name"));
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
    list(at(podSpec, group)).forEach((c, i) => {
      list(at(c, "env")).forEach((e, j) => {
        const p = `/${group}/${i}/env/${j}/valueFrom`;
        const s = at(e, "valueFrom", "secretKeyRef");
        if (at(s, "optional") !== true) add("Secret", str(at(s, "name")), `${p}/secretKeyRef`);
        const m = at(e, "valueFrom", "configMapKeyRef");
        if (at(m, "optional") !== true) add("ConfigMap", str(at(m, "name")), `${p}/configMapKeyRef`);
      });
      list(at(c, "envFrom")).forEach((e, j) => {
        const p = `/${group}/${i}/envFrom/${j}`;
        if (at(e, "secretRef", "optional") !== true)
          add("Secret", str(at(e, "secretRef", "name")), `${p}/secretRef`);
        if (at(e, "configMapRef", "optional") !== true) {
          add("ConfigMap", str(at(e, "configMapRef", "name")), `${p}/configMapRef`);
        }
      });
    });
  }
  list(at(podSpec, "volumes")).forEach((v, i) => {
    if (at(v, "secret", "optional") !== true)
      add("Secret", str(at(v, "secret", "secretName")), `/volumes/${i}/secret`);
    if (at(v, "configMap", "optional") !== true) {
      add("ConfigMap", str(at(v, "configMap", "name")), `/volumes/${i}/configMap`);
    }
  });
  list(at(podSpec, "imagePullSecrets")).forEach((s, i) => {
    add("Secret", str(at(s, "name")), `/imagePullSecrets/${i}`);
  });
  const sa = str(at(podSpec, "serviceAccountName"));
  if (sa && sa !== "default") add("ServiceAccount", sa, "/serviceAccountName");
  return refs;
}

const podTemplate =
  (...keys: string[]): ReferenceRule =>
  (obj, ns) =>
    podSpecRefs(at(obj, ...keys), `/${keys.join("/")}`, ns);

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

/** The references of one object, by the rules for its type. */
export function referencesOf(type: ResourceType, obj: PlainObject, ns: string | undefined): Reference[] {
  return (referenceRules.get(type) ?? []).flatMap((rule) => rule(obj, ns));
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
  const name = str(at(obj, "spec", "secretName"));
  return name ? [{ type: "Secret", namespace: ns, name }] : [];
});
