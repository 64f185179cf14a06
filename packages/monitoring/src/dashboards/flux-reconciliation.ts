import { dashboardModel } from "./panels.js";

/** "Flux reconciliation": what Flux failed to apply, and how long reconciliations take. */
export function fluxReconciliationDashboard(): Record<string, unknown> {
  return dashboardModel({
    uid: "flux-reconciliation",
    title: "Flux reconciliation",
    description: "Readiness and reconciliation duration of the Flux resources that apply this repository.",
    tags: ["platform", "flux", "gitops"],
    panels: [
      {
        title: "Resources not ready",
        type: "stat",
        gridPos: { x: 0, y: 0, w: 6, h: 4 },
        redAbove: 1,
        queries: [{ expr: 'count(flux_resource_info{ready="False"}) or vector(0)', instant: true }],
      },
      {
        title: "Suspended resources",
        type: "stat",
        gridPos: { x: 6, y: 0, w: 6, h: 4 },
        redAbove: 1,
        queries: [{ expr: 'count(flux_resource_info{suspended="true"}) or vector(0)', instant: true }],
      },
      {
        title: "Reconcile errors (1 h)",
        type: "stat",
        gridPos: { x: 12, y: 0, w: 6, h: 4 },
        redAbove: 1,
        queries: [
          {
            expr: 'sum(increase(controller_runtime_reconcile_errors_total{namespace="flux-system"}[1h])) or vector(0)',
            instant: true,
          },
        ],
      },
      {
        title: "Reconciliations per minute",
        type: "stat",
        gridPos: { x: 18, y: 0, w: 6, h: 4 },
        queries: [{ expr: "sum(rate(gotk_reconcile_duration_seconds_count[5m])) * 60", instant: true }],
      },
      {
        title: "Not ready",
        type: "table",
        gridPos: { x: 0, y: 4, w: 24, h: 8 },
        description: "Flux resources whose Ready condition is False, with the reason reported by Flux.",
        queries: [
          {
            expr: 'max by (kind, exported_namespace, name, reason) (flux_resource_info{ready="False"})',
            instant: true,
          },
        ],
      },
      {
        title: "Reconciliation duration p95 by kind",
        type: "timeseries",
        gridPos: { x: 0, y: 12, w: 12, h: 8 },
        unit: "s",
        queries: [
          {
            expr: "histogram_quantile(0.95, sum by (kind, le) (rate(gotk_reconcile_duration_seconds_bucket[5m])))",
            legend: "{{kind}}",
          },
        ],
      },
      {
        title: "Reconcile errors by controller",
        type: "timeseries",
        gridPos: { x: 12, y: 12, w: 12, h: 8 },
        queries: [
          {
            expr: 'sum by (controller) (rate(controller_runtime_reconcile_errors_total{namespace="flux-system"}[5m]))',
            legend: "{{controller}}",
          },
        ],
      },
    ],
  });
}
