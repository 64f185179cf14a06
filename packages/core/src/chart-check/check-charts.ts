import type { ClusterDefinition } from "../model/cluster.js";
import type { ResourceType } from "../model/kube-object.js";
import { assembleCluster } from "../render/assemble.js";
import type { Problem } from "../validate/problem.js";
import { apiVersionsFor, compareCodePoints, crdTypeOf } from "./api-versions.js";
import { chartDigest, chartFileName, findChartFile } from "./chart-files.js";
import { missingChartServices } from "./chart-services.js";
import { checkReleaseObjects } from "./check-objects.js";
import { type ChartCheckSession, type ChartCheckSessionOptions, chartCheckSession } from "./check-session.js";
import { clusterOrder } from "./cluster-order.js";
import { planReleases, type ReleasePlan } from "./release-plan.js";
import { type ReleaseOutput, releaseTemplateUse, templateRelease } from "./template-release.js";
import { parseDottedPath } from "./values-tree.js";

/** Options of {@link checkCharts}. */
export interface CheckChartsOptions extends ChartCheckSessionOptions {
  /** Folder of packaged charts, `<chart>-<version>.tgz`. */
  readonly chartsDir: string;
  /** Find settings the charts never read or that equal their default (the costly part). @default true */
  readonly analyseSettings?: boolean;
  /**
   * Work shared with the checks of other clusters in the same command (cache, helm slots, releases
   * in flight); its tools, cache folder and concurrency win over the options above. @default a session of its own
   */
  readonly session?: ChartCheckSession;
}

/** A release the check does not template, with the component's reason. */
export interface ChartCheckException {
  readonly package: string;
  readonly component: string;
  readonly object: string;
  readonly chart: string;
  readonly version: string;
  readonly reason: string;
}

/** A setting that equals the chart's default (reported, not a problem). */
export interface RedundantSetting {
  readonly package: string;
  readonly component: string;
  readonly object: string;
  /** JSON pointer, "/spec/values/…". */
  readonly path: string;
}

/** What the chart check found in one cluster. */
export interface ChartCheckReport {
  readonly cluster: string;
  /** Releases templated. */
  readonly releases: number;
  /** Objects the charts produced, all checked. */
  readonly objects: number;
  readonly problems: readonly Problem[];
  /** Settings never read (each also a problem). */
  readonly neverRead: number;
  readonly redundant: readonly RedundantSetting[];
  readonly exceptions: readonly ChartCheckException[];
  /** helm runs this check made (0 when everything came from the cache). */
  readonly helmRuns: number;
  /** Releases whose result came from the cache. */
  readonly cachedReleases: number;
  /** Notes, e.g. values read from Secrets at reconcile time. */
  readonly notes: readonly string[];
}

/**
 * The chart check of one cluster: templates every HelmRelease as helm-controller would, then checks
 * what the charts create (templates at all, schema, policy, CRD order, declared CRDs), which
 * settings the charts never read, and fails closed on a missing chart file unless the component
 * declares an exception with a reason.
 */
export async function checkCharts(
  cluster: ClusterDefinition,
  opts: CheckChartsOptions,
): Promise<ChartCheckReport> {
  const session = opts.session ?? chartCheckSession(opts);
  const assembled = assembleCluster(cluster);
  const ctx = { cluster: cluster.name };
  const problems: Problem[] = [...assembled.problems];
  const kubeVersion = kubeVersionOf(cluster);
  if (!kubeVersion) {
    problems.push({
      ...ctx,
      layer: "chart",
      message:
        "the cluster settings name no Kubernetes version (k3sVersion or eks.kubernetesVersion): the charts cannot be templated for it",
    });
    return emptyReport(cluster.name, problems);
  }
  const plans = planReleases(assembled);
  const order = clusterOrder(assembled);
  const exceptions: ChartCheckException[] = [];
  const notes: string[] = [];
  const runnable: { plan: ReleasePlan; file: string; sha: string }[] = [];
  for (const plan of plans) {
    const where = { ...ctx, package: plan.packageName, component: plan.component, object: plan.object };
    for (const v of plan.valuesFrom)
      notes.push(
        `${plan.component}: values from ${v} are read at reconcile time; templated with a placeholder`,
      );
    const file = plan.chart ? findChartFile(opts.chartsDir, plan.chart, plan.version) : undefined;
    const reason = plan.options.exception;
    if (!plan.chart) {
      problems.push({
        ...where,
        layer: "chart",
        path: "/spec",
        message:
          "the chart and version of this HelmRelease cannot be told (no chart template, no OCIRepository chartRef)",
      });
    } else if (!file && reason) {
      exceptions.push({
        package: plan.packageName,
        component: plan.component,
        object: plan.object,
        chart: plan.chart,
        version: plan.version,
        reason,
      });
    } else if (!file) {
      problems.push({
        ...where,
        layer: "chart",
        message: `chart ${plan.chart} ${plan.version} is not in ${opts.chartsDir}: add ${chartFileName(plan.chart, plan.version)} there (packaged from the publisher's sources at that release, see the upstream SOURCES.md), or declare chartCheck.exception on the component with the reason`,
      });
    } else if (reason) {
      problems.push({
        ...where,
        layer: "chart",
        message: `declares the chart check exception "${reason}", but ${chartFileName(plan.chart, plan.version)} exists: remove the exception`,
      });
    } else runnable.push({ plan, file, sha: await chartDigest(file) });
  }

  // Capabilities.APIVersions: the CRD versions the cluster installs, learnt from the CRDs the
  // installing charts template (a first pass without the settings analysis), so every release sees
  // what it would see on the cluster. A release whose chart never asks starts at once.
  const installedTypes = new Set<ResourceType>(order.installerOf.keys());
  const seen = new Map<ResourceType, string[]>();
  const base = { session, kubeVersion };
  const analyse = opts.analyseSettings ?? true;
  const asksApiVersions = await Promise.all(
    runnable.map(async (r) => {
      const queries = (await releaseTemplateUse(session, r.plan, r.file, r.sha)).apiVersionQueries;
      return queries === "any" || queries.length > 0;
    }),
  );
  const firstPass = Promise.all(
    runnable
      .filter((r) => r.plan.installsCrds.length > 0)
      .map((r) =>
        templateRelease(r.plan, r.file, r.sha, {
          ...base,
          apiVersions: apiVersionsFor(installedTypes, seen),
          analyse: false,
        }),
      ),
  ).then((outs) => {
    for (const out of outs) {
      for (const o of out.objects) {
        const crd = crdTypeOf(o.object);
        if (crd) seen.set(crd.type, crd.versions);
      }
    }
    return outs;
  });
  const outputs = await Promise.all(
    runnable.map(async (r, i) => {
      if (asksApiVersions[i]) await firstPass;
      return templateRelease(r.plan, r.file, r.sha, {
        ...base,
        apiVersions: apiVersionsFor(installedTypes, seen),
        analyse,
      });
    }),
  );

  const redundant: RedundantSetting[] = [];
  let objects = 0;
  let neverRead = 0;
  await Promise.all(
    runnable.map(async ({ plan }, i) => {
      const out = outputs[i] as ReleaseOutput;
      const where = { ...ctx, package: plan.packageName, component: plan.component };
      if (out.error !== undefined) {
        problems.push({
          ...where,
          object: plan.object,
          layer: "chart",
          message: `chart ${plan.chart} ${plan.version} does not template: ${out.error}`,
        });
        return;
      }
      objects += out.objects.length;
      for (const f of await checkReleaseObjects(plan, out.objects, order)) {
        problems.push({
          ...where,
          object: f.object,
          layer: "chart",
          ...(f.path ? { path: f.path } : {}),
          message: f.message,
        });
      }
      for (const path of out.neverRead) {
        neverRead++;
        problems.push({
          ...where,
          object: plan.object,
          layer: "chart",
          path: valuesPointer(path),
          message: `chart ${plan.chart} ${plan.version} never reads this setting (neither removing nor changing it changes the output): remove it, or fix its path`,
        });
      }
      for (const path of out.redundant)
        redundant.push({
          package: plan.packageName,
          component: plan.component,
          object: plan.object,
          path: valuesPointer(path),
        });
      if (out.settingsSkipped) notes.push(`${plan.component}: settings not analysed: ${out.settingsSkipped}`);
    }),
  );
  // The Services components declare their charts create, which the endpoints they provide point at.
  const failed = new Set(
    runnable.filter((_, i) => outputs[i]?.error !== undefined).map((r) => r.plan.component),
  );
  const templated = runnable.map(({ plan }, i) => ({
    component: plan.component,
    namespace: plan.namespace,
    objects: outputs[i]?.objects ?? [],
  }));
  for (const m of missingChartServices(assembled.components, templated, failed))
    problems.push({
      ...ctx,
      package: assembled.componentPackages.get(m.component) ?? "",
      component: m.component,
      layer: "chart",
      path: "chartServices",
      message: `declares that its chart creates Service "${m.service}", but the chart's output has no such Service in its namespace (it creates: ${m.created.join(", ") || "none"}): fix chartServices or the endpoint it provides`,
    });
  return {
    cluster: cluster.name,
    releases: runnable.length,
    objects,
    problems: sortProblems(problems),
    neverRead,
    redundant: redundant.sort((a, b) =>
      compareCodePoints(`${a.component}\u0000${a.path}`, `${b.component}\u0000${b.path}`),
    ),
    exceptions,
    helmRuns: [...(await firstPass), ...outputs].reduce((n, o) => n + o.runs, 0),
    cachedReleases: outputs.filter((o) => o.cached).length,
    notes: notes.sort(compareCodePoints),
  };
}

/** The Kubernetes version Helm templates for: the k3s version, or the EKS minor version. */
export function kubeVersionOf(cluster: ClusterDefinition): string | undefined {
  const s = cluster.settings;
  if (s.k3sVersion) return s.k3sVersion;
  if (s.eks?.kubernetesVersion) return `v${s.eks.kubernetesVersion.replace(/^v/, "")}`;
  return undefined;
}

function valuesPointer(dotted: string): string {
  return `/spec/values/${parseDottedPath(dotted)
    .map((k) => k.replaceAll("~", "~0").replaceAll("/", "~1"))
    .join("/")}`;
}

function emptyReport(cluster: string, problems: Problem[]): ChartCheckReport {
  return {
    cluster,
    releases: 0,
    objects: 0,
    problems,
    neverRead: 0,
    redundant: [],
    exceptions: [],
    helmRuns: 0,
    cachedReleases: 0,
    notes: [],
  };
}

function sortProblems(problems: Problem[]): Problem[] {
  const key = (p: Problem): string =>
    [p.package ?? "", p.component ?? "", p.object ?? "", p.path ?? "", p.message].join("\u0000");
  return problems.sort((a, b) => compareCodePoints(key(a), key(b)));
}
