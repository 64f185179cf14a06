import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { GRAFANA_DASHBOARD_LABEL, MONITORING_NAMESPACE } from "../model/platform-endpoints.js";

/** A Grafana dashboard as JSON built in code. */
export interface GrafanaDashboardOptions {
  /** ConfigMap name and file name stem. */
  readonly name: string;
  /** The dashboard model (title, panels…); serialised with sorted keys. */
  readonly dashboard: Readonly<Record<string, unknown>>;
  /** Grafana folder the sidecar files it into. @default "Platform" */
  readonly folder?: string;
  /** Namespace the ConfigMap lives in; the Grafana sidecar watches all. @default "monitoring" */
  readonly namespace?: string;
}

/** A dashboard ConfigMap the Grafana sidecar provisions; any package may ship its own. */
export function grafanaDashboard(opts: GrafanaDashboardOptions): ConfigMap {
  return new ConfigMap({
    metadata: {
      name: `dashboard-${opts.name}`,
      namespace: opts.namespace ?? MONITORING_NAMESPACE,
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
