import { availableParallelism } from "node:os";
import { join } from "node:path";
import pLimit from "p-limit";
import { type BundledTools, bundledTools, defaultToolCacheDir } from "./bundled-tools.js";
import { type ChartTemplateUse, chartTemplateUse } from "./chart-template-use.js";
import type { TemplateResult } from "./helm-template.js";
import type { ChartObject } from "./manifest.js";
import { ResultCache } from "./result-cache.js";

/** What one release's templating produced, as the check and its cache hold it. */
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
  /** helm runs it took (0 when it came from the cache or another cluster of the same run). */
  readonly runs: number;
}

/**
 * What the chart checks of one command share: the tools, the result cache, the helm slots, and
 * the work in flight, so a release two clusters template alike (same chart, values and answers to
 * what the chart asks of the cluster) is templated once, and a run the first pass made serves the
 * second.
 */
export interface ChartCheckSession {
  readonly tools: BundledTools;
  readonly cache: ResultCache;
  /** Runs `task` when a helm slot is free. */
  readonly limit: <T>(task: () => Promise<T>) => Promise<T>;
  /** Releases being templated, by cache key. */
  readonly releases: Map<string, Promise<ReleaseOutput>>;
  /** `helm template` runs of releases' own values, by what their output depends on. */
  readonly mainRuns: Map<string, Promise<TemplateResult>>;
  /** What each chart's templates read, by chart file digest. */
  readonly chartUse: Map<string, Promise<ChartTemplateUse>>;
}

/** Options of {@link chartCheckSession}. */
export interface ChartCheckSessionOptions {
  /** Folder of cached results. @default node_modules/.cache/helix-cluster/chart-check */
  readonly cacheDir?: string;
  /**
   * helm runs at once. @default the machine's available parallelism plus one: a helm run waits
   * on reading the chart and on its output being read, so one more than the cores keeps them busy
   */
  readonly concurrency?: number;
  /** The helm and kubectl to run. @default the bundled ones */
  readonly tools?: BundledTools;
}

/** A session for chart checks run together (e.g. every cluster of a repository). */
export function chartCheckSession(opts: ChartCheckSessionOptions = {}): ChartCheckSession {
  return {
    tools: opts.tools ?? bundledTools(),
    cache: new ResultCache(opts.cacheDir ?? join(defaultToolCacheDir(), "chart-check")),
    limit: pLimit(Math.max(1, opts.concurrency ?? availableParallelism() + 1)),
    releases: new Map(),
    mainRuns: new Map(),
    chartUse: new Map(),
  };
}

/** What a chart's templates read, read once per session and chart file. */
export function chartUseOf(session: ChartCheckSession, file: string, sha: string): Promise<ChartTemplateUse> {
  let use = session.chartUse.get(sha);
  if (!use) {
    use = chartTemplateUse(file);
    session.chartUse.set(sha, use);
  }
  return use;
}
