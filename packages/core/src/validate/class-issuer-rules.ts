import { isJsonObject, jsonAt, jsonString } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import type { PlainObject, Reference } from "./reference-rules.js";

/*
 * References by name that no schema sees: the ingress class an Ingress (or a chart's ingress
 * values) names, and the cert-manager issuer an annotation names. Renaming a class or an issuer and
 * forgetting one of its users then fails validation instead of leaving an Ingress no controller
 * serves or a certificate nobody issues.
 */

export const INGRESS_CLASS_TYPE = "networking.k8s.io/IngressClass";
export const CLUSTER_ISSUER_TYPE = "cert-manager.io/ClusterIssuer";
export const ISSUER_TYPE = "cert-manager.io/Issuer";

/** A JSON pointer segment (RFC 6901): "~" → "~0", "/" → "~1". */
const segment = (key: string): string => key.replaceAll("~", "~0").replaceAll("/", "~1");

/** The issuer references of an annotation map (cert-manager's ingress-shim annotations). */
export function issuerAnnotationRefs(
  annotations: JsonValue | undefined,
  base: string,
  namespace: string | undefined,
): Reference[] {
  if (!isJsonObject(annotations)) return [];
  const group = jsonString(annotations["cert-manager.io/issuer-group"]);
  if (group !== undefined && group !== "cert-manager.io") return [];
  const refs: Reference[] = [];
  const clusterIssuer = jsonString(annotations["cert-manager.io/cluster-issuer"]);
  if (clusterIssuer)
    refs.push({
      type: CLUSTER_ISSUER_TYPE,
      name: clusterIssuer,
      path: `${base}/${segment("cert-manager.io/cluster-issuer")}`,
    });
  const issuer = jsonString(annotations["cert-manager.io/issuer"]);
  const kind = jsonString(annotations["cert-manager.io/issuer-kind"]) ?? "Issuer";
  if (issuer && (kind === "Issuer" || kind === "ClusterIssuer"))
    refs.push({
      type: kind === "Issuer" ? ISSUER_TYPE : CLUSTER_ISSUER_TYPE,
      ...(kind === "Issuer" ? { namespace } : {}),
      name: issuer,
      path: `${base}/${segment("cert-manager.io/issuer")}`,
    });
  return refs;
}

/** The ingress class an Ingress names (`spec.ingressClassName`, or the legacy annotation). */
export function ingressRefs(obj: PlainObject): Reference[] {
  const refs: Reference[] = [];
  const className = jsonString(jsonAt(obj, "spec", "ingressClassName"));
  if (className) refs.push({ type: INGRESS_CLASS_TYPE, name: className, path: "/spec/ingressClassName" });
  const legacy = jsonString(jsonAt(obj, "metadata", "annotations", "kubernetes.io/ingress.class"));
  if (legacy)
    refs.push({
      type: INGRESS_CLASS_TYPE,
      name: legacy,
      path: `/metadata/annotations/${segment("kubernetes.io/ingress.class")}`,
    });
  return refs;
}

/** The issuer annotations of any object. */
export function annotationRefs(obj: PlainObject, namespace: string | undefined): Reference[] {
  return issuerAnnotationRefs(jsonAt(obj, "metadata", "annotations"), "/metadata/annotations", namespace);
}

/**
 * What a HelmRelease's values name, by the conventions charts share: under any `ingress` key that
 * is not `enabled: false`, its `ingressClassName` or `className`, and in any `annotations` map, the
 * cert-manager issuer annotations and `kubernetes.io/ingress.class`. Issuers named there are looked
 * up in the release's target namespace.
 */
export function helmValuesRefs(obj: PlainObject, namespace: string | undefined): Reference[] {
  const targetNamespace = jsonString(jsonAt(obj, "spec", "targetNamespace")) ?? namespace;
  const refs: Reference[] = [];
  const walk = (value: JsonValue | undefined, path: string, key: string): void => {
    if (Array.isArray(value)) {
      value.forEach((item, i) => {
        walk(item, `${path}/${i}`, "");
      });
      return;
    }
    if (!isJsonObject(value)) return;
    if (key === "annotations") {
      refs.push(...issuerAnnotationRefs(value, path, targetNamespace));
      const legacy = jsonString(value["kubernetes.io/ingress.class"]);
      if (legacy)
        refs.push({
          type: INGRESS_CLASS_TYPE,
          name: legacy,
          path: `${path}/${segment("kubernetes.io/ingress.class")}`,
        });
      return;
    }
    if (key === "ingress" && value.enabled === false) return;
    if (key === "ingress")
      for (const field of ["ingressClassName", "className"]) {
        const name = jsonString(value[field]);
        if (name) refs.push({ type: INGRESS_CLASS_TYPE, name, path: `${path}/${field}` });
      }
    for (const [k, v] of Object.entries(value)) walk(v, `${path}/${segment(k)}`, k);
  };
  walk(jsonAt(obj, "spec", "values"), "/spec/values", "");
  return refs;
}
