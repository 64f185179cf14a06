import { isJsonObject, type JsonObject, jsonAt, jsonList } from "../model/json-path.js";
import { type KubeObject, objectId, type ResourceType, resourceTypeOf } from "../model/kube-object.js";
import { resolveModel } from "../validate/model-registry.js";
import { isClusterScoped, isPlatformType } from "../validate/resource-scope.js";
import { type ModelClass, type SchemaViolation, validateStrict } from "../validate/strict-schema.js";
import { crdTypeOf } from "./api-versions.js";
import { checkSchemaProps, insideCrdSchema } from "./crd-schema-keys.js";
import { type ChartObject, fromCrdsFolder } from "./manifest.js";
import { chartObjectPolicy } from "./object-rules.js";
import type { ReleasePlan } from "./release-plan.js";

/** A problem inside one release's output, before the cluster context is added. */
export interface ReleaseFinding {
  /** "Kind/namespace/name" of the chart object, or the HelmRelease for release-wide findings. */
  readonly object: string;
  readonly path?: string;
  readonly message: string;
}

/** Who installs which CRD and which components each component (transitively) waits for. */
export interface ClusterOrder {
  /** CRD type → the component that installs it (its declared installsCrds). */
  readonly installerOf: ReadonlyMap<ResourceType, string>;
  /** Component → every component it waits for through the derived dependsOn, transitively. */
  readonly waitsFor: (component: string) => ReadonlySet<string>;
}

/**
 * Checks what one release templates: every object strictly against its schema (built-in kinds and
 * upstream CRDs, unknown fields rejected), the container policy, that every custom resource's CRD
 * is installed before it (by a component it waits for, or by its own chart's crds/ folder), and that
 * the CRDs the chart templates are exactly those the component declares in installsCrds.
 */
export async function checkReleaseObjects(
  plan: ReleasePlan,
  objects: readonly ChartObject[],
  order: ClusterOrder,
): Promise<ReleaseFinding[]> {
  const findings: ReleaseFinding[] = [];
  const templatedCrds = new Map<ResourceType, ChartObject>();
  for (const o of objects) {
    const crd = crdTypeOf(o.object);
    if (crd) templatedCrds.set(crd.type, o);
  }
  const injected = new Set(Object.keys(plan.options.imagesSetAtAdmission ?? {}));
  await Promise.all(
    objects.map(async (o) => {
      const id = idOf(o, plan.namespace);
      const type = resourceTypeOf(o.object as unknown as KubeObject);
      const model = await resolveModel(o.object as unknown as KubeObject);
      if (!model) {
        findings.push({
          object: id,
          message: `no schema known for apiVersion "${String(o.object.apiVersion)}" kind "${String(o.object.kind)}" (from ${o.source}): add its CRD to the upstream data and run npm run generate`,
        });
      } else {
        for (const v of schemaViolations(model, o.object))
          findings.push({ object: id, path: v.path, message: v.message });
      }
      for (const v of chartObjectPolicy(type, o.object, plan.options.cpuLimits !== undefined, injected)) {
        findings.push({ object: id, path: v.path, message: v.message });
      }
      if (!isPlatformType(type)) findings.push(...orderFindings(plan, id, type, templatedCrds, order));
    }),
  );
  const declared = new Set(plan.installsCrds);
  for (const [type, o] of templatedCrds) {
    if (!declared.has(type)) {
      findings.push({
        object: idOf(o, plan.namespace),
        message: `the chart installs the CRD of ${type}, which the component does not declare: add it to installsCrds (dependsOn is derived from it)`,
      });
    }
  }
  for (const type of plan.options.crdsAtRuntime === undefined ? declared : []) {
    if (!templatedCrds.has(type)) {
      findings.push({
        object: plan.object,
        path: "/spec/values",
        message: `the component declares installsCrds ${type}, but the chart output has no CRD for it: enable the chart's CRDs, remove it from installsCrds, or set chartCheck.crdsAtRuntime with the reason`,
      });
    }
  }
  return findings;
}

/**
 * validateStrict, corrected for three gaps of kubernetes-models' schemas: they drop every property
 * named "description" (CRD printer columns, PriorityClass…); they require apiVersion and kind of
 * embedded objects (e.g. a Prometheus volumeClaimTemplate) where the upstream CRD does not; and
 * their JSONSchemaProps lacks the description and x-kubernetes-* fields, so a CRD's openAPIV3Schema
 * is checked by its own walker.
 */
function schemaViolations(model: ModelClass, obj: JsonObject): SchemaViolation[] {
  const found = validateStrict(model, obj).filter(
    (v) =>
      !(v.message === "unknown field" && (v.path.endsWith("/description") || insideCrdSchema(v.path))) &&
      !(v.path !== "/" && /^missing required field "(apiVersion|kind)"$/.test(v.message)),
  );
  if (obj.kind === "CustomResourceDefinition") {
    jsonList(jsonAt(obj, "spec", "versions")).forEach((v, i) => {
      found.push(
        ...checkSchemaProps(
          jsonAt(v, "schema", "openAPIV3Schema"),
          `/spec/versions/${i}/schema/openAPIV3Schema`,
        ),
      );
    });
  }
  return found;
}

function orderFindings(
  plan: ReleasePlan,
  id: string,
  type: ResourceType,
  templatedCrds: ReadonlyMap<ResourceType, ChartObject>,
  order: ClusterOrder,
): ReleaseFinding[] {
  const own = templatedCrds.get(type);
  if (own) {
    // Helm applies crds/ before the templates; a CRD in templates/ is not there yet for its objects.
    return fromCrdsFolder(own)
      ? []
      : [
          {
            object: id,
            message: `the chart creates ${type} objects in the same release that templates their CRD (${own.source}): Helm cannot apply both at once; move the objects to a component that depends on this one`,
          },
        ];
  }
  const installer = order.installerOf.get(type);
  if (!installer) {
    return [
      { object: id, message: `the chart creates ${type}, but no component of the cluster installs that CRD` },
    ];
  }
  if (installer === plan.component || order.waitsFor(plan.component).has(installer)) return [];
  return [
    {
      object: id,
      message: `the chart creates ${type} before its CRD exists: component "${installer}" installs it, but "${plan.component}" does not wait for it (declare usesCrds: ["${type}"])`,
    },
  ];
}

/** "Kind/namespace/name" with the release namespace where a namespaced object has none. */
function idOf(o: ChartObject, namespace: string): string {
  const type = resourceTypeOf(o.object as unknown as KubeObject);
  const meta = isJsonObject(o.object.metadata) ? o.object.metadata : {};
  const ns = isClusterScoped(type) ? undefined : (meta.namespace ?? namespace);
  return objectId({
    apiVersion: String(o.object.apiVersion),
    kind: String(o.object.kind),
    metadata: { name: String(meta.name ?? "<unnamed>"), ...(ns ? { namespace: String(ns) } : {}) },
  });
}
