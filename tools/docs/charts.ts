import type { JsonValue, PlacedObject } from "@helix-cluster/core";
import { compareText } from "./compare-text.js";

/** A Helm chart a component deploys, as its HelmRelease and chart source say. */
export interface ChartInfo {
  readonly chart: string;
  readonly version: string;
}

const field = (value: JsonValue | undefined, ...keys: string[]): JsonValue | undefined => {
  let cur = value;
  for (const k of keys)
    cur = typeof cur === "object" && cur !== null && !Array.isArray(cur) ? cur[k] : undefined;
  return cur;
};
const text = (value: JsonValue | undefined): string | undefined =>
  typeof value === "string" ? value : undefined;

/**
 * The charts of a component's HelmReleases: `spec.chart.spec` (HelmRepository charts) or the
 * OCIRepository `spec.chartRef` points to (chart = last path segment of its URL, version = its tag
 * or digest). `all` is every placed object of the cluster, where the source is looked up.
 */
export function chartsOf(objects: readonly PlacedObject[], all: readonly PlacedObject[]): ChartInfo[] {
  const charts: ChartInfo[] = [];
  for (const o of objects) {
    if (o.type !== "helm.toolkit.fluxcd.io/HelmRelease") continue;
    const spec = field(o.object, "spec");
    const chartSpec = field(spec, "chart", "spec");
    if (chartSpec !== undefined) {
      charts.push({
        chart: text(field(chartSpec, "chart")) ?? "?",
        version: text(field(chartSpec, "version")) ?? "?",
      });
      continue;
    }
    const ref = field(spec, "chartRef");
    const name = text(field(ref, "name"));
    if (name === undefined) continue;
    const namespace = text(field(ref, "namespace")) ?? text(field(o.object, "metadata", "namespace"));
    const kind = text(field(ref, "kind")) ?? "OCIRepository";
    const source = all.find(
      (s) =>
        s.object.kind === kind &&
        text(field(s.object, "metadata", "name")) === name &&
        text(field(s.object, "metadata", "namespace")) === namespace,
    );
    const url = text(field(source?.object, "spec", "url"));
    const tagOrDigest =
      text(field(source?.object, "spec", "ref", "tag")) ??
      text(field(source?.object, "spec", "ref", "digest"));
    charts.push({ chart: url?.split("/").pop() ?? name, version: tagOrDigest ?? "?" });
  }
  return charts.sort((a, b) => compareText(a.chart, b.chart) || compareText(a.version, b.version));
}
