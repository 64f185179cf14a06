import { createHash } from "node:crypto";
import type { ChartCheckOptions } from "../model/component.js";
import { isJsonObject, type JsonObject, jsonAt, jsonList, jsonString } from "../model/json-path.js";
import type { JsonValue, ResourceType } from "../model/kube-object.js";
import type { AssembledCluster, PlacedObject } from "../render/assemble.js";
import { chartKeyOf } from "../validate/chart-values.js";
import { mergeValues, parseDottedPath, withValue } from "./values-tree.js";

const HELM_RELEASE = "helm.toolkit.fluxcd.io/HelmRelease";
const OCI_REPOSITORY = "source.toolkit.fluxcd.io/OCIRepository";

/** One HelmRelease as helm-controller would install it. */
export interface ReleasePlan {
  readonly packageName: string;
  readonly component: string;
  /** The HelmRelease, "HelmRelease/namespace/name". */
  readonly object: string;
  readonly chart: string;
  readonly version: string;
  /** spec.releaseName, else "[targetNamespace-]name" (shortened like helm-controller past 53 characters). */
  readonly releaseName: string;
  /** spec.targetNamespace, else the HelmRelease's namespace. */
  readonly namespace: string;
  /** What the HelmRelease sets (spec.values): the settings whose use is checked. */
  readonly ownValues: JsonObject;
  /** The values Helm gets: valuesFrom placeholders (at their targetPath) under spec.values. */
  readonly values: JsonObject;
  /** valuesFrom entries, as "Kind/name[key] → targetPath" or "… (merged whole)", read at reconcile time. */
  readonly valuesFrom: readonly string[];
  readonly postRenderers: readonly JsonValue[];
  /** False when install.crds is "Skip": helm-controller then leaves the chart's crds/ out. */
  readonly includeCrds: boolean;
  /**
   * True when the HelmRelease enables Helm tests (spec.test.enable): only then does helm-controller
   * create the chart's test hooks (Pods run by `helm test`); a plain install never does.
   */
  readonly includeTests: boolean;
  readonly options: ChartCheckOptions;
  /** The CRD types the component declares it installs. */
  readonly installsCrds: readonly ResourceType[];
}

/**
 * Every HelmRelease of an assembled cluster with what helm-controller derives from it. Values that
 * come from a Secret or ConfigMap at reconcile time get a deterministic placeholder at their
 * targetPath ("valuesFrom:Secret/name/key"), so a chart that requires them still templates.
 */
export function planReleases(assembled: AssembledCluster): ReleasePlan[] {
  const byId = new Map<string, PlacedObject>();
  for (const o of assembled.objects) {
    const meta = o.object.metadata as { name?: string; namespace?: string } | undefined;
    byId.set(`${o.type}|${meta?.namespace ?? ""}|${meta?.name ?? ""}`, o);
  }
  const components = new Map(assembled.components.map((c) => [c.name, c]));
  const plans: ReleasePlan[] = [];
  for (const o of assembled.objects) {
    if (o.type !== HELM_RELEASE || !o.component) continue;
    const meta = o.object.metadata as { name?: string; namespace?: string };
    const name = meta.name ?? "";
    const ns = meta.namespace ?? "";
    const spec = isJsonObject(o.object.spec) ? o.object.spec : {};
    const key = chartKeyOf(o.object, (n) => byId.get(`${OCI_REPOSITORY}|${ns}|${n}`)?.object);
    const at = key?.lastIndexOf("@") ?? -1;
    const targetNamespace = jsonString(spec.targetNamespace);
    const ownValues = isJsonObject(spec.values) ? spec.values : {};
    let fromValues: JsonObject = {};
    const valuesFrom: string[] = [];
    for (const v of jsonList(spec.valuesFrom)) {
      if (!isJsonObject(v)) continue;
      const ref = `${String(v.kind)}/${String(v.name)}[${jsonString(v.valuesKey) ?? "values.yaml"}]`;
      const target = jsonString(v.targetPath);
      if (target) {
        fromValues = withValue(fromValues, parseDottedPath(target), `valuesFrom:${ref}`);
        valuesFrom.push(`${ref} → ${target}`);
      } else valuesFrom.push(`${ref} (merged whole)`);
    }
    const component = components.get(o.component);
    plans.push({
      packageName: o.packageName,
      component: o.component,
      object: o.id,
      chart: key && at > 0 ? key.slice(0, at) : "",
      version: key && at > 0 ? key.slice(at + 1) : "",
      releaseName:
        jsonString(spec.releaseName) ?? shortenName(targetNamespace ? `${targetNamespace}-${name}` : name),
      namespace: targetNamespace ?? ns,
      ownValues,
      values: mergeValues(fromValues, ownValues),
      valuesFrom,
      postRenderers: jsonList(spec.postRenderers),
      includeCrds: jsonAt(spec, "install", "crds") !== "Skip",
      includeTests: jsonAt(spec, "test", "enable") === true,
      options: component?.chartCheck ?? {},
      installsCrds: component?.installsCrds ?? [],
    });
  }
  return plans;
}

/** helm-controller's release name shortening: past 53 characters, 40 of them plus a hash. */
function shortenName(name: string): string {
  if (name.length <= 53) return name;
  return `${name.slice(0, 40)}-${createHash("sha256").update(name).digest("hex").slice(0, 12)}`;
}
