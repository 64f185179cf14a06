import { autoscalingSection } from "./autoscaling-status.js";
import type { ClusterStatus, ComponentStatus, ServiceStatus } from "./cluster-status.js";
import { compareText } from "./compare-text.js";
import { dependencyGraph } from "./mermaid.js";

const percent = (part: number, whole: number): string =>
  whole === 0 ? "—" : `${Math.round((part / whole) * 100)} %`;
const code = (s: string): string => `\`${s}\``;
const list = (items: readonly string[]): string => (items.length === 0 ? "—" : items.join(", "));
const shortPackage = (name: string): string => name.replace(/^@helix-cluster\//, "");

/** Distinct chart/version pairs of some components, so the chart and version columns line up. */
const pairs = (cs: readonly ComponentStatus[]) => {
  const seen = new Map(cs.flatMap((c) => c.charts.map((h) => [`${h.chart}@${h.version}`, h] as const)));
  return [...seen.values()];
};
const charts = (cs: readonly ComponentStatus[]): string => list(pairs(cs).map((h) => h.chart));
const versions = (cs: readonly ComponentStatus[]): string => list(pairs(cs).map((h) => h.version));

/** The namespace a service is counted in: where it renders, else its package's namespace. */
const serviceNamespace = (s: ServiceStatus): string => s.components[0]?.namespace ?? s.spec.package;

function summaryTable(status: ClusterStatus): string[] {
  const namespaces = [
    ...new Set([...status.services.map(serviceNamespace), ...status.components.map((c) => c.namespace)]),
  ].sort(compareText);
  const rows = namespaces.map((ns) => {
    const services = status.services.filter((s) => serviceNamespace(s) === ns);
    const configured = services.filter((s) => s.configured).length;
    const components = status.components.filter((c) => c.namespace === ns);
    const other = status.other.filter((c) => c.namespace === ns).length;
    const objects = components.reduce((n, c) => n + c.objects, 0);
    return `| ${ns} | ${services.length} | ${configured} | ${percent(configured, services.length)} | ${components.length} | ${other} | ${objects} |`;
  });
  const configured = status.services.filter((s) => s.configured).length;
  const objects = status.components.reduce((n, c) => n + c.objects, 0);
  return [
    "| namespace | services | configured | % | components | other components | objects in components |",
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    `| **total** | **${status.services.length}** | **${configured}** | **${percent(configured, status.services.length)}** | **${status.components.length}** | **${status.other.length}** | **${objects}** |`,
  ];
}

function servicesTable(status: ClusterStatus): string[] {
  return [
    "| # | service | package | namespace | components | chart | version | configured |",
    "| ---: | --- | --- | --- | --- | --- | --- | :---: |",
    ...status.services.map((s) => {
      const names = list(s.components.map((c) => code(c.name)));
      const ns = list([...new Set(s.components.map((c) => c.namespace))]);
      return `| ${s.spec.id} | ${s.spec.service} | ${s.spec.package} | ${ns} | ${names} | ${charts(s.components)} | ${versions(s.components)} | ${s.configured ? "✅" : "❌"} |`;
    }),
  ];
}

function otherTable(status: ClusterStatus): string[] {
  if (status.other.length === 0) return ["Every component implements a service of the list."];
  return [
    "| component | package | namespace | chart | version |",
    "| --- | --- | --- | --- | --- |",
    ...status.other.map(
      (c) =>
        `| ${code(c.name)} | ${c.packageName ? shortPackage(c.packageName) : "—"} | ${c.namespace} | ${charts([c])} | ${versions([c])} |`,
    ),
  ];
}

const CHART_CHECK_SETTINGS = {
  exception: "chart not templated",
  cpuLimits: "CPU limits allowed",
  skipSchemaValidation: "Helm skips the chart's values schema",
  crdsAtRuntime: "declared CRDs not in the chart output",
  imagesSetAtAdmission: "image set at admission",
} as const;

function chartCheckTable(status: ClusterStatus): string[] {
  if (status.chartCheck.length === 0)
    return ["No component declares an exception: every chart is templated and checked in full."];
  return [
    "| component | exception | reason |",
    "| --- | --- | --- |",
    ...status.chartCheck.map(
      (e) =>
        `| ${code(e.component)} | ${CHART_CHECK_SETTINGS[e.setting]} | ${e.reason.replaceAll("|", "\\|")} |`,
    ),
  ];
}

function integrationsTable(status: ClusterStatus): string[] {
  if (status.integrations.length === 0) return ["No component records an integration with another package."];
  return [
    "| component | integration | on | why |",
    "| --- | --- | :---: | --- |",
    ...status.integrations.map(
      (i) =>
        `| ${code(i.component)} | ${i.name} | ${i.enabled ? "✅" : "—"} | ${i.reason.replaceAll("|", "\\|")} |`,
    ),
  ];
}

/** The Markdown status page of one cluster: counts, the services table, other components, the dependency graph. */
export function statusPage(status: ClusterStatus): string {
  const configured = status.services.filter((s) => s.configured).length;
  const total = status.services.length;
  const lines = [
    `# ${status.cluster}: status`,
    "",
    "<!-- Generated from the code by `npm run docs` (tools/docs.ts), also run by `npm run render`. Do not edit. -->",
    "",
    `**${configured} of ${total} services configured (${percent(configured, total)})** — ${status.components.length} components, ${status.other.length} of them outside the service list, ${status.objects} rendered objects.`,
    "",
    "A service counts as configured when a component implementing it renders in this cluster; chart and",
    "version come from its HelmRelease and the chart source that release points to.",
    "",
    "## Per namespace",
    "",
    ...summaryTable(status),
    "",
    "## Services",
    "",
    ...servicesTable(status),
    "",
    "## Other components",
    "",
    ...otherTable(status),
    "",
    "## Chart check exceptions",
    "",
    "What `npm run chart-check` (templating every HelmRelease with the bundled Helm) does not check, as",
    "each component declares it, with the reason.",
    "",
    ...chartCheckTable(status),
    "",
    "## Autoscaling",
    "",
    ...autoscalingSection(status.autoscaling),
    "",
    "## Integrations",
    "",
    "What each component does with other packages of the cluster (monitoring objects, certificates,",
    "sidecars…), switched on by what the cluster installs (`auto`) or by a package option.",
    "",
    ...integrationsTable(status),
    "",
    "## Flux dependencies",
    "",
    "Each arrow goes from a Flux Kustomization to one that waits for it (`dependsOn`).",
    "",
    "```mermaid",
    dependencyGraph(status.components).trimEnd(),
    "```",
  ];
  return `${lines.join("\n")}\n`;
}
