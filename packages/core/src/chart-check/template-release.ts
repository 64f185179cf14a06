import { stringify } from "yaml";
import type { JsonObject } from "../model/json-path.js";
import type { BundledTools } from "./bundled-tools.js";
import { chartDefaults } from "./chart-files.js";
import { throughGoYaml } from "./go-yaml.js";
import { helmTemplate, type TemplateRequest } from "./helm-template.js";
import { type ChartObject, parseManifest } from "./manifest.js";
import { applyPostRenderers } from "./post-render.js";
import type { ReleasePlan } from "./release-plan.js";
import { digestOf, type ResultCache } from "./result-cache.js";
import { analyseSettings } from "./settings-usage.js";
import { dottedPath } from "./values-tree.js";

/** Bumped when what a cached result holds, or how it is computed, changes. */
export const CHART_CHECK_VERSION = 2;

/** What templating one release produced (cached on disk). */
export interface ReleaseOutput {
  /** Helm's message when the release does not template. */
  readonly error?: string;
  readonly objects: readonly ChartObject[];
  /** Dotted paths of settings the chart never reads. */
  readonly neverRead: readonly string[];
  /** Dotted paths of settings equal to the chart's default. */
  readonly redundant: readonly string[];
  /** Why the settings were not analysed, if they were not. */
  readonly settingsSkipped?: string;
  /** helm runs it took (0 when it came from the cache). */
  readonly runs: number;
}

/** How one release is templated. */
export interface TemplateContext {
  readonly tools: BundledTools;
  readonly cache: ResultCache;
  /** Runs `task` when a helm slot is free (helm runs share the machine's cores). */
  readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  readonly kubeVersion: string;
  readonly apiVersions: readonly string[];
  /** Analyse which settings matter (the costly part). */
  readonly analyse: boolean;
}

/**
 * Templates one release as helm-controller would (release name, namespace, values, Kubernetes
 * and API versions, CRDs, post-renderers) and, if asked, finds the settings that do not matter.
 * Cached by chart digest, values, versions and check version: an unchanged release costs nothing.
 */
export async function templateRelease(
  plan: ReleasePlan,
  chartFile: string,
  chartSha: string,
  ctx: TemplateContext,
): Promise<ReleaseOutput & { readonly cached: boolean }> {
  const request: TemplateRequest = {
    chartFile,
    releaseName: plan.releaseName,
    namespace: plan.namespace,
    kubeVersion: ctx.kubeVersion,
    apiVersions: ctx.apiVersions,
    values: plan.values,
    skipSchemaValidation: plan.options.skipSchemaValidation !== undefined,
    includeCrds: plan.includeCrds,
  };
  const key = digestOf({
    check: CHART_CHECK_VERSION,
    helm: ctx.tools.helmVersion,
    chartSha,
    request: { ...request, chartFile: undefined },
    postRenderers: plan.postRenderers,
    analyse: ctx.analyse,
    settings: plan.ownValues,
  });
  const hit = await ctx.cache.get<ReleaseOutput>(key);
  if (hit) return { ...hit, runs: 0, cached: true };

  let runs = 1;
  const main = await ctx.limit(() => helmTemplate(ctx.tools.helm, request));
  let output: ReleaseOutput;
  if (!main.ok) output = { error: main.error, objects: [], neverRead: [], redundant: [], runs };
  else {
    let objects: ChartObject[];
    try {
      const goYaml = (doc: string) => throughGoYaml(ctx.tools.kubectl, doc);
      objects = await applyPostRenderers(
        ctx.tools.kubectl,
        await parseManifest(main.manifest, goYaml),
        plan.postRenderers,
      );
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      output = {
        error: `the output cannot be read or post-rendered: ${message}`,
        objects: [],
        neverRead: [],
        redundant: [],
        runs,
      };
      await ctx.cache.set(key, output);
      return { ...output, cached: false };
    }
    let usage = {
      neverRead: [] as string[],
      redundant: [] as string[],
      skipped: "not asked" as string | undefined,
    };
    if (ctx.analyse) {
      const defaults = await ctx.limit(() => chartDefaults(ctx.tools.helm, chartFile));
      const render = async (values: JsonObject) => {
        // The chart schema is skipped so a changed value shows in the output instead of stopping at
        // validation. crds/ stays in: a subchart's condition (e.g. crds.enabled) decides its CRDs.
        const out = await ctx.limit(() =>
          helmTemplate(ctx.tools.helm, { ...request, values, skipSchemaValidation: true }),
        );
        if (!out.ok || plan.postRenderers.length === 0)
          return out.ok ? { ok: true as const, text: out.manifest } : out;
        try {
          const parsed = await parseManifest(out.manifest, (doc) => throughGoYaml(ctx.tools.kubectl, doc));
          const rendered = await applyPostRenderers(ctx.tools.kubectl, parsed, plan.postRenderers);
          return { ok: true as const, text: rendered.map((o) => `---\n${stringify(o.object)}`).join("") };
        } catch (error) {
          return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
        }
      };
      try {
        const result = await analyseSettings({
          values: plan.values,
          settings: plan.ownValues,
          defaults,
          render,
        });
        runs += result.runs;
        usage = {
          neverRead: result.neverRead.map(dottedPath),
          redundant: result.redundant.map(dottedPath),
          skipped: undefined,
        };
      } catch (error) {
        usage = { ...usage, skipped: error instanceof Error ? error.message : String(error) };
      }
    }
    output = {
      objects,
      neverRead: usage.neverRead,
      redundant: usage.redundant,
      ...(usage.skipped && ctx.analyse ? { settingsSkipped: usage.skipped } : {}),
      runs,
    };
  }
  await ctx.cache.set(key, output);
  return { ...output, cached: false };
}
