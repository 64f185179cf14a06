/** Metadata every rendered object carries. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/**
 * Any Kubernetes object: a kubernetes-models `Model` instance or a plain object with the same shape.
 * The only fields core relies on are apiVersion, kind and metadata.
 */
export interface KubeObject {
  apiVersion: string;
  kind: string;
  metadata?: ObjectMeta;
}

/** A JSON value as it ends up in YAML. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** "group/Kind" (core group: "Kind" alone, e.g. "Namespace"): the identity of a resource type. */
export type ResourceType = string;

/** The API group of an apiVersion ("" for the core group). */
export function apiGroup(apiVersion: string): string {
  const slash = apiVersion.indexOf("/");
  return slash === -1 ? "" : apiVersion.slice(0, slash);
}

/** The resource type ("group/Kind") of an object. */
export function resourceTypeOf(obj: Pick<KubeObject, "apiVersion" | "kind">): ResourceType {
  const group = apiGroup(obj.apiVersion);
  return group === "" ? obj.kind : `${group}/${obj.kind}`;
}

/** "Kind/name" or "Kind/namespace/name", the way errors and indexes name an object. */
export function objectId(obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name ?? "<unnamed>";
  return ns ? `${obj.kind}/${ns}/${name}` : `${obj.kind}/${name}`;
}

/** Plain JSON of an object: `toJSON()` of a kubernetes-models Model, a structured clone otherwise. */
export function toPlain(obj: KubeObject): Record<string, JsonValue> {
  const withToJson = obj as KubeObject & { toJSON?: () => unknown };
  const json = typeof withToJson.toJSON === "function" ? withToJson.toJSON() : obj;
  return JSON.parse(JSON.stringify(json)) as Record<string, JsonValue>;
}
