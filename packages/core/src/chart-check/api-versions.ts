import { generatedModelLoaders } from "../generated/registry.js";
import { isJsonObject, type JsonObject, jsonAt, jsonList, jsonString } from "../model/json-path.js";
import { apiGroup, type ResourceType } from "../model/kube-object.js";

/**
 * The resource type ("group/Kind") and served API versions of a CustomResourceDefinition object;
 * undefined for any other object.
 */
export function crdTypeOf(o: JsonObject): { type: ResourceType; versions: string[] } | undefined {
  if (o.kind !== "CustomResourceDefinition" || apiGroup(String(o.apiVersion)) !== "apiextensions.k8s.io")
    return undefined;
  const group = jsonString(jsonAt(o, "spec", "group"));
  const kind = jsonString(jsonAt(o, "spec", "names", "kind"));
  if (!group || !kind) return undefined;
  const versions = jsonList(jsonAt(o, "spec", "versions"))
    .filter((v) => isJsonObject(v) && v.served !== false)
    .map((v) => jsonString(jsonAt(v, "name")))
    .filter((v): v is string => v !== undefined);
  return { type: `${group}/${kind}`, versions };
}

/**
 * Capabilities.APIVersions entries ("group/version" and "group/version/Kind") for the given CRD
 * types: the versions seen in CRDs the charts template, else the versions of the models generated
 * from upstream CRDs. Sorted by code point, so the same cluster always passes the same flags.
 */
export function apiVersionsFor(
  types: Iterable<ResourceType>,
  seen: ReadonlyMap<ResourceType, readonly string[]>,
): string[] {
  const generated = new Map<ResourceType, string[]>();
  for (const key of Object.keys(generatedModelLoaders)) {
    const [apiVersion = "", kind = ""] = key.split("|");
    const type = `${apiGroup(apiVersion)}/${kind}`;
    generated.set(type, [...(generated.get(type) ?? []), apiVersion.slice(apiVersion.indexOf("/") + 1)]);
  }
  const out = new Set<string>();
  for (const type of types) {
    const slash = type.lastIndexOf("/");
    if (slash < 0) continue;
    const group = type.slice(0, slash);
    const kind = type.slice(slash + 1);
    for (const version of seen.get(type) ?? generated.get(type) ?? []) {
      out.add(`${group}/${version}`);
      out.add(`${group}/${version}/${kind}`);
    }
  }
  return [...out].sort(compareCodePoints);
}

/** Orders strings by code point (never locale-dependent). */
export function compareCodePoints(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
