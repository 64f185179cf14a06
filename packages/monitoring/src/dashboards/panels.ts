/** A PromQL query of a panel. */
export interface Query {
  readonly expr: string;
  /** Legend template, e.g. "{{instance}}". @default "" */
  readonly legend?: string;
  /** Instant query (tables, stats). @default false */
  readonly instant?: boolean;
}

/** Position and size on the 24-column grid. */
export interface GridPos {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** A panel reduced to what the platform dashboards need. */
export interface PanelSpec {
  readonly title: string;
  readonly type: "timeseries" | "stat" | "table";
  readonly gridPos: GridPos;
  readonly queries: readonly Query[];
  readonly description?: string;
  /** Grafana unit id ("percentunit", "s", "short"…). @default "short" */
  readonly unit?: string;
  /** Value at which a stat turns red (green below). */
  readonly redAbove?: number;
}

/** Dashboard-wide settings. */
export interface DashboardSpec {
  readonly uid: string;
  readonly title: string;
  readonly description: string;
  readonly tags: readonly string[];
  readonly panels: readonly PanelSpec[];
}

// Grafana dashboard variable syntax, not a JavaScript template.
const DATASOURCE = { type: "prometheus", uid: `\${datasource}` } as const;

function panelJson(p: PanelSpec, id: number): Record<string, unknown> {
  const thresholds =
    p.redAbove === undefined
      ? { mode: "absolute", steps: [{ color: "green", value: null }] }
      : {
          mode: "absolute",
          steps: [
            { color: "green", value: null },
            { color: "red", value: p.redAbove },
          ],
        };
  return {
    id,
    type: p.type,
    title: p.title,
    ...(p.description ? { description: p.description } : {}),
    gridPos: p.gridPos,
    datasource: DATASOURCE,
    fieldConfig: { defaults: { unit: p.unit ?? "short", thresholds }, overrides: [] },
    options:
      p.type === "stat"
        ? { colorMode: "background", graphMode: "none", reduceOptions: { calcs: ["lastNotNull"] } }
        : p.type === "table"
          ? { showHeader: true }
          : { legend: { displayMode: "list", placement: "bottom" }, tooltip: { mode: "multi" } },
    targets: p.queries.map((q, i) => ({
      refId: String.fromCharCode(65 + i),
      datasource: DATASOURCE,
      expr: q.expr,
      legendFormat: q.legend ?? "",
      instant: q.instant ?? false,
      range: !(q.instant ?? false),
      ...(p.type === "table" ? { format: "table" } : {}),
    })),
  };
}

/** A Grafana dashboard model (JSON) with a Prometheus-type data source variable defaulting to Mimir. */
export function dashboardModel(d: DashboardSpec): Record<string, unknown> {
  return {
    uid: d.uid,
    title: d.title,
    description: d.description,
    tags: [...d.tags],
    editable: false,
    graphTooltip: 1,
    refresh: "1m",
    schemaVersion: 41,
    time: { from: "now-6h", to: "now" },
    timezone: "utc",
    templating: {
      list: [
        {
          name: "datasource",
          label: "Data source",
          type: "datasource",
          query: "prometheus",
          current: { text: "Mimir", value: "mimir" },
          hide: 0,
        },
      ],
    },
    annotations: { list: [] },
    panels: d.panels.map((p, i) => panelJson(p, i + 1)),
  };
}
