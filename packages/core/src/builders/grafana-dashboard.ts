import { ConfigMap } from "kubernetes-models/v1/ConfigMap";

/** Label that makes the Grafana sidecar load a ConfigMap as a dashboard. */
export const GRAFANA_DASHBOARD_LABEL = "grafana_dashboard";

/** A Grafana dashboard as JSON built in code. */
export interface GrafanaDashboardOptions {
  /** ConfigMap name and file name stem. */
  readonly name: string;
  /** The dashboard model (title, panels…); serialised with sorted keys. */
  readonly dashboard: Readonly<Record<string, unknown>>;
  /** Grafana folder the sidecar files it into. @default "Platform" */
  readonly folder?: string;
  /**
   * Namespace the ConfigMap lives in, usually the namespace of the component that ships it: a
   * Grafana whose sidecar watches every namespace for the label finds it there.
   */
  readonly namespace: string;
}

/** A dashboard ConfigMap the Grafana sidecar provisions; any package may ship its own. */
export function grafanaDashboard(opts: GrafanaDashboardOptions): ConfigMap {
  return new ConfigMap({
    metadata: {
      name: `dashboard-${opts.name}`,
      namespace: opts.namespace,
      labels: { [GRAFANA_DASHBOARD_LABEL]: "1" },
      annotations: { grafana_folder: opts.folder ?? "Platform" },
    },
    data: { [`${opts.name}.json`]: stableJson(opts.dashboard) },
  });
}

/** JSON with object keys sorted at every depth, so the same dashboard always gives the same bytes. */
export function stableJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v && typeof v === "object") {
      return Object.fromEntries(
        Object.entries(v as Record<string, unknown>)
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([k, x]) => [k, sort(x)]),
      );
    }
    return v;
  };
  return `${JSON.stringify(sort(value), null, 2)}\n`;
}
