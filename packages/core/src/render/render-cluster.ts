import { dirname, join, resolve } from "node:path";
import type { ClusterDefinition } from "../model/cluster.js";
import { ClusterProblemsError, type Problem } from "../validate/problem.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { assembleCluster } from "./assemble.js";
import { writeTreeAtomically } from "./atomic-write.js";
import { loadClusterEntry } from "./load-entry.js";
import { planFiles } from "./plan-files.js";

/** Options of a render. */
export interface RenderOptions {
  /** Folder of the cluster (holds `secrets/`). */
  readonly clusterDir: string;
  /** Output folder. @default `<clusterDir>/rendered` */
  readonly outDir?: string;
  /** Write the files; false only validates. @default true */
  readonly write?: boolean;
}

/** What a render produced. */
export interface RenderReport {
  readonly cluster: string;
  readonly objects: number;
  readonly files: ReadonlyMap<string, string>;
  readonly outDir: string;
  /** Milliseconds spent per phase, for benchmarks. */
  readonly timings: { readonly assemble: number; readonly validate: number; readonly write: number };
}

/**
 * Assembles, validates and (unless `write: false`) writes one cluster. Throws
 * ClusterProblemsError listing every problem; nothing is written then.
 */
export async function renderCluster(cluster: ClusterDefinition, opts: RenderOptions): Promise<RenderReport> {
  const t0 = performance.now();
  const assembled = assembleCluster(cluster);
  const t1 = performance.now();
  const { problems, secretFiles } = await validateCluster(assembled, cluster.settings, opts.clusterDir);
  const t2 = performance.now();
  if (problems.length > 0) throw new ClusterProblemsError(problems);
  const files = planFiles(assembled, secretFiles);
  const outDir = resolve(opts.outDir ?? join(opts.clusterDir, "rendered"));
  if (opts.write ?? true) {
    try {
      await writeTreeAtomically(outDir, files);
    } catch (error) {
      const problem: Problem = {
        cluster: cluster.name,
        layer: "output",
        message: `cannot write ${outDir}: ${error instanceof Error ? error.message : String(error)}`,
      };
      throw new ClusterProblemsError([problem]);
    }
  }
  const t3 = performance.now();
  return {
    cluster: cluster.name,
    objects: assembled.objects.length,
    files,
    outDir,
    timings: { assemble: t1 - t0, validate: t2 - t1, write: t3 - t2 },
  };
}

/** Loads a cluster entry file and renders it; the cluster folder is the entry's folder. */
export async function renderClusterEntry(
  entryPath: string,
  opts: { outDir?: string; write?: boolean } = {},
): Promise<RenderReport> {
  const clusterDir = dirname(resolve(entryPath));
  let cluster: ClusterDefinition;
  try {
    cluster = await loadClusterEntry(entryPath);
  } catch (error) {
    const problem: Problem = {
      cluster: clusterDir.split(/[\\/]/).pop() ?? entryPath,
      layer: "build",
      message: error instanceof Error ? error.message : String(error),
    };
    throw new ClusterProblemsError([problem]);
  }
  return renderCluster(cluster, { clusterDir, ...opts });
}
