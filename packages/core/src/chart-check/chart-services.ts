import type { Component } from "../model/component.js";
import { isJsonObject } from "../model/json-path.js";
import type { ChartObject } from "./manifest.js";

/** A Service a component declares in chartServices that its charts' output does not have. */
export interface MissingChartService {
  readonly component: string;
  readonly service: string;
  /** The Services its charts do create in its namespace, for the message. */
  readonly created: readonly string[];
}

/**
 * The Services each component declares its charts create (`chartServices`, what the endpoints it
 * provides may point at) that none of its releases templates in the component's namespace.
 * `outputs` holds each templated release's objects with its component and release namespace;
 * components with a release that did not template are left out (their error is reported already).
 */
export function missingChartServices(
  components: readonly Component[],
  outputs: readonly {
    readonly component: string;
    readonly namespace: string;
    readonly objects: readonly ChartObject[];
  }[],
  failed: ReadonlySet<string>,
): MissingChartService[] {
  const created = new Map<string, Set<string>>();
  for (const out of outputs)
    for (const o of out.objects) {
      if (o.object.kind !== "Service" || o.object.apiVersion !== "v1") continue;
      const meta = isJsonObject(o.object.metadata) ? o.object.metadata : {};
      const ns = typeof meta.namespace === "string" ? meta.namespace : out.namespace;
      const set = created.get(`${out.component}|${ns}`) ?? new Set<string>();
      set.add(String(meta.name));
      created.set(`${out.component}|${ns}`, set);
    }
  const missing: MissingChartService[] = [];
  for (const c of components) {
    if (failed.has(c.name) || !outputs.some((o) => o.component === c.name)) continue;
    const have = created.get(`${c.name}|${c.namespace}`) ?? new Set<string>();
    for (const service of c.chartServices ?? [])
      if (!have.has(service)) missing.push({ component: c.name, service, created: [...have].sort() });
  }
  return missing;
}
