import { stringify } from "yaml";
import type { JsonObject } from "../model/json-path.js";
import { capabilityKey } from "./capability-key.js";
import { chartDefaults } from "./chart-files.js";
import {
  type ChartTemplateUse,
  mergeTemplateUse,
  templateUseOf,
  valueStrings,
} from "./chart-template-use.js";
import { type ChartCheckSession, chartUseOf, type ReleaseOutput } from "./check-session.js";
import { throughGoYaml } from "./go-yaml.js";
import { helmTemplate, type TemplateRequest, type TemplateResult } from "./helm-template.js";
import { type ChartObject, parseManifest } from "./manifest.js";
import { applyPostRenderers } from "./post-render.js";
import type { ReleasePlan } from "./release-plan.js";
import { digestOf } from "./result-cache.js";
import { analyseSettings } from "./settings-usage.js";
import { dottedPath } from "./values-tree.js";

export type { ReleaseOutput } from "./check-session.js";

/** Bumped when what a cached result holds, or how it is computed, changes. */
export const CHART_CHECK_VERSION = 3;

/** How one release is templated. */
export interface TemplateContext {
  readonly session: ChartCheckSession;
  readonly kubeVersion: string;
  readonly apiVersions: readonly string[];
  /** Analyse which settings matter (the costly part). */
  readonly analyse: boolean;
}

/**
 * Templates one release as helm-controller would (release name, namespace, values, Kubernetes
 * and API versions, CRDs, post-renderers) and, if asked, finds the settings that do not matter.
 * Cached by chart digest, values, what the chart can see of the cluster (see capabilityKey) and
 * check version: an unchanged release costs nothing, and a release another cluster of the same
 * session templates alike is templated once.
 */
export async function templateRelease(
  plan: ReleasePlan,
  chartFile: string,
  chartSha: string,
  ctx: TemplateContext,
): Promise<ReleaseOutput & { readonly cached: boolean }> {
  const { session } = ctx;
  const use = await releaseTemplateUse(session, plan, chartFile, chartSha);
  const request: TemplateRequest = {
    chartFile,
    releaseName: plan.releaseName,
    namespace: plan.namespace,
    kubeVersion: ctx.kubeVersion,
    apiVersions: ctx.apiVersions,
    values: plan.values,
    skipSchemaValidation: plan.options.skipSchemaValidation !== undefined,
    includeCrds: plan.includeCrds,
    includeTests: plan.includeTests,
  };
  // What the output depends on: the request, with the cluster reduced to what the chart sees of it.
  const output = {
    helm: session.tools.helmVersion,
    chartSha,
    request: { ...request, chartFile: undefined, kubeVersion: undefined, apiVersions: undefined },
    capabilities: capabilityKey(use, ctx.kubeVersion, ctx.apiVersions),
  };
  const key = digestOf({
    check: CHART_CHECK_VERSION,
    output,
    postRenderers: plan.postRenderers,
    analyse: ctx.analyse,
    settings: plan.ownValues,
  });
  const running = session.releases.get(key);
  if (running) return { ...(await running), runs: 0, cached: true };
  let cached = false;
  const work = (async (): Promise<ReleaseOutput> => {
    const hit = await session.cache.get<ReleaseOutput>(key);
    if (hit) {
      cached = true;
      return { ...hit, runs: 0 };
    }
    const mainKey = digestOf(output);
    let main = session.mainRuns.get(mainKey);
    const ranMain = main === undefined;
    if (!main) {
      main = session.limit(() => helmTemplate(session.tools.helm, request));
      session.mainRuns.set(mainKey, main);
    }
    const result = await templated(plan, chartFile, request, await main, use.varies, ctx);
    const out = { ...result, runs: result.runs + (ranMain ? 1 : 0) };
    await session.cache.set(key, out);
    return out;
  })();
  session.releases.set(key, work);
  const out = await work;
  return { ...out, cached };
}

/** What a release's templates read: its chart's, plus the templates in its values (`tpl`). */
export async function releaseTemplateUse(
  session: ChartCheckSession,
  plan: ReleasePlan,
  chartFile: string,
  chartSha: string,
): Promise<ChartTemplateUse> {
  return mergeTemplateUse(
    await chartUseOf(session, chartFile, chartSha),
    templateUseOf(valueStrings(plan.values)),
  );
}

/** The objects of a templated release and, when asked, which of its settings matter. */
async function templated(
  plan: ReleasePlan,
  chartFile: string,
  request: TemplateRequest,
  main: TemplateResult,
  varies: boolean,
  ctx: TemplateContext,
): Promise<ReleaseOutput> {
  const { tools, limit } = ctx.session;
  const empty = { objects: [], neverRead: [], redundant: [], runs: 0 };
  if (!main.ok) return { ...empty, error: main.error };
  const goYaml = (doc: string) => throughGoYaml(tools.kubectl, doc);
  const postRender = async (manifest: string): Promise<ChartObject[]> =>
    applyPostRenderers(tools.kubectl, await parseManifest(manifest, goYaml), plan.postRenderers);
  const asText = (objects: readonly ChartObject[]): string =>
    objects.map((o) => `---\n${stringify(o.object)}`).join("");
  let objects: ChartObject[];
  try {
    objects = await postRender(main.manifest);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ...empty, error: `the output cannot be read or post-rendered: ${message}` };
  }
  if (!ctx.analyse) return { ...empty, objects };
  const render = async (values: JsonObject) => {
    // The chart schema is skipped so a changed value shows in the output instead of stopping at
    // validation. crds/ stays in: a subchart's condition (e.g. crds.enabled) decides its CRDs.
    const out = await limit(() =>
      helmTemplate(tools.helm, { ...request, values, skipSchemaValidation: true }),
    );
    if (!out.ok || plan.postRenderers.length === 0)
      return out.ok ? { ok: true as const, text: out.manifest } : out;
    try {
      return { ok: true as const, text: asText(await postRender(out.manifest)) };
    } catch (error) {
      return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
    }
  };
  try {
    const defaults = await limit(() => chartDefaults(tools.helm, chartFile));
    const result = await analyseSettings({
      values: plan.values,
      settings: plan.ownValues,
      defaults,
      render,
      baseline: plan.postRenderers.length === 0 ? main.manifest : asText(objects),
      varies,
    });
    return {
      objects,
      neverRead: result.neverRead.map(dottedPath),
      redundant: result.redundant.map(dottedPath),
      runs: result.runs,
    };
  } catch (error) {
    return {
      ...empty,
      objects,
      settingsSkipped: error instanceof Error ? error.message : String(error),
    };
  }
}
