import { generatedModelLoaders } from "../generated/registry.js";
import { hasSchema, type ModelClass } from "./strict-schema.js";

/**
 * Packages that ship kubernetes-models style classes at `<package>/<apiVersion>/<Kind>`. A plain
 * object (not a Model instance) is validated with the class generated from upstream CRDs, or else
 * the first class found there.
 */
const conventionPackages = [
  "kubernetes-models",
  "@kubernetes-models/flux-cd",
  "@kubernetes-models/cert-manager",
  "@kubernetes-models/prometheus-operator",
  "@kubernetes-models/istio",
  "@kubernetes-models/cilium",
  "@kubernetes-models/gateway-api",
] as const;

const registered = new Map<string, ModelClass>();
const resolved = new Map<string, Promise<ModelClass | undefined>>();

const key = (apiVersion: string, kind: string): string => `${apiVersion}|${kind}`;

/** Makes model classes (e.g. generated from CRDs) known to validation by apiVersion and kind. */
export function registerModels(models: Iterable<ModelClass>): void {
  for (const model of models) registered.set(key(model.apiVersion, model.kind), model);
}

function isModelClass(value: unknown): value is ModelClass {
  return (
    typeof value === "function" &&
    typeof (value as Partial<ModelClass>).apiVersion === "string" &&
    typeof (value as Partial<ModelClass>).kind === "string"
  );
}

/**
 * The class that validates objects of this apiVersion and kind: the object's own class when it is a
 * Model instance, a registered class, or one found by convention. `undefined`: no schema known.
 */
export async function resolveModel(obj: {
  apiVersion: string;
  kind: string;
}): Promise<ModelClass | undefined> {
  const ctor = (obj as { constructor?: unknown }).constructor;
  if (isModelClass(ctor) && ctor.apiVersion === obj.apiVersion && ctor.kind === obj.kind && hasSchema(ctor)) {
    return ctor;
  }
  const k = key(obj.apiVersion, obj.kind);
  const own = registered.get(k);
  if (own) return own;
  let found = resolved.get(k);
  if (!found) {
    found = findByConvention(obj.apiVersion, obj.kind);
    resolved.set(k, found);
  }
  return found;
}

async function findByConvention(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const generated = generatedModelLoaders[key(apiVersion, kind)];
  if (generated) return generated();
  if (!/^[\w.-]+(\/[\w.-]+)?$/.test(apiVersion) || !/^\w+$/.test(kind)) return undefined;
  for (const pkg of conventionPackages) {
    try {
      const mod = (await import(`${pkg}/${apiVersion}/${kind}`)) as Record<string, unknown>;
      const candidate = mod[kind];
      if (isModelClass(candidate) && candidate.apiVersion === apiVersion && hasSchema(candidate)) {
        return candidate;
      }
    } catch {
      // Not in this package (or the package is not installed): try the next one.
    }
  }
  return undefined;
}
