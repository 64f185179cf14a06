import type { AssembledCluster, ScalingResource } from "@helix-cluster/core";
import { compareText } from "./compare-text.js";

/** One autoscaled workload, as its component declares it. */
export interface PodScalingStatus {
  readonly component: string;
  readonly namespace: string;
  /** "Kind/name" of the workload. */
  readonly target: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** "cpu 70 %, memory 80 %". */
  readonly metrics: string;
  /** Who makes the HorizontalPodAutoscaler: "chart" or "object". */
  readonly via: "chart" | "object";
}

/** One node pool and the engine that scales it. */
export interface NodeScalingStatus {
  readonly component: string;
  readonly engine: string;
  readonly pool: string;
  readonly nodes: string;
  /** "0–4 nodes", "≤ 48 CPU, ≤ 192Gi memory". */
  readonly bounds: string;
  readonly taints: readonly string[];
}

/** What scales in a cluster, on what, between which bounds. */
export interface AutoscalingStatus {
  readonly pods: readonly PodScalingStatus[];
  readonly nodes: readonly NodeScalingStatus[];
  /** Components serving the resource metrics API every HPA reads. */
  readonly resourceMetrics: readonly string[];
}

const metricText = (utilization: Readonly<Partial<Record<ScalingResource, number>>>): string =>
  (["cpu", "memory"] as const)
    .filter((r) => utilization[r] !== undefined)
    .map((r) => `${r} ${utilization[r]} %`)
    .join(", ");

/** The autoscaling declared by the components of an assembled cluster, in a stable order. */
export function autoscalingStatus(assembled: AssembledCluster): AutoscalingStatus {
  const pods: PodScalingStatus[] = [];
  const nodes: NodeScalingStatus[] = [];
  for (const c of assembled.components) {
    for (const p of c.autoscaling?.pods ?? []) {
      pods.push({
        component: c.name,
        namespace: p.namespace ?? c.namespace,
        target: p.target,
        minReplicas: p.minReplicas,
        maxReplicas: p.maxReplicas,
        metrics: metricText(p.utilization),
        via: p.via,
      });
    }
    for (const n of c.autoscaling?.nodes ?? []) {
      const count = n.maxNodes === undefined ? [] : [`${n.minNodes ?? 0}–${n.maxNodes} nodes`];
      const limits = (["cpu", "memory"] as const)
        .filter((r) => n.limits?.[r] !== undefined)
        .map((r) => `≤ ${n.limits?.[r]} ${r === "cpu" ? "CPU" : "memory"}`);
      nodes.push({
        component: c.name,
        engine: n.engine,
        pool: n.pool,
        nodes: n.nodes,
        bounds: [...count, ...limits].join(", ") || "unbounded",
        taints: n.taints ?? [],
      });
    }
  }
  pods.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.target, b.target));
  nodes.sort((a, b) => compareText(a.engine, b.engine) || compareText(a.pool, b.pool));
  const resourceMetrics = assembled.components
    .filter((c) => c.autoscaling?.servesResourceMetrics)
    .map((c) => c.name)
    .sort(compareText);
  return { pods, nodes, resourceMetrics };
}

/** The "Autoscaling" section of the status page. */
export function autoscalingSection(status: AutoscalingStatus): string[] {
  const code = (s: string): string => `\`${s}\``;
  const pods =
    status.pods.length === 0
      ? ["No workload autoscales."]
      : [
          "| namespace | workload | component | replicas | scales on | HPA from |",
          "| --- | --- | --- | ---: | --- | --- |",
          ...status.pods.map(
            (p) =>
              `| ${p.namespace} | ${code(p.target)} | ${code(p.component)} | ${p.minReplicas}–${p.maxReplicas} | ${p.metrics} | ${p.via === "chart" ? "chart values" : "rendered object"} |`,
          ),
        ];
  const nodes =
    status.nodes.length === 0
      ? ["No node pool autoscales: the cluster runs on its fixed nodes."]
      : [
          "| engine | pool | nodes | bounds | taints | component |",
          "| --- | --- | --- | --- | --- | --- |",
          ...status.nodes.map(
            (n) =>
              `| ${n.engine} | ${code(n.pool)} | ${n.nodes} | ${n.bounds} | ${n.taints.map(code).join(", ") || "—"} | ${code(n.component)} |`,
          ),
        ];
  const metrics =
    status.resourceMetrics.length === 0
      ? "No component serves the resource metrics API (metrics.k8s.io)."
      : `Resource metrics (metrics.k8s.io, what every HPA reads) come from ${status.resourceMetrics.map(code).join(", ")}.`;
  return [
    "What scales, on what, between which bounds, as the components declare it (validation checks the",
    "bounds; for HPAs a chart creates, that its workload requests what it scales on is the chart check's).",
    "",
    "### Pods",
    "",
    ...pods,
    "",
    metrics,
    "",
    "### Nodes",
    "",
    ...nodes,
  ];
}
