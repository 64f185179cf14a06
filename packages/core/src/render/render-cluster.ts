import { dirname, join, resolve } from "node:path";
import { checkBootstrapSecret, planBootstrap } from "../bootstrap/plan-bootstrap.js";
import type { ClusterDefinition } from "../model/cluster.js";
import { checkClusterInputs } from "../validate/cluster-inputs.js";
import { ClusterProblemsError, type Problem } from "../validate/problem.js";
import type { SecretCopyCount } from "../validate/secret-copies.js";
import type { SecretMacCount } from "../validate/secret-files.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { assembleCluster } from "./assemble.js";
import { loadClusterEntry } from "./load-entry.js";
import type { OutputTree } from "./output/check-trees.js";
import { OutputWriteError, type TreeWriteResult, writeTrees } from "./output/write-trees.js";
import { planFiles } from "./plan-files.js";
import { unsafePathProblems } from "./planned-paths.js";

/** Options of a render. */
export interface RenderOptions {
  /** Folder of the cluster (holds `secrets/`). */
  readonly clusterDir: string;
  /** Output folder of the Flux tree. @default `<clusterDir>/rendered` */
  readonly outDir?: string;
  /** Output folder of the node bootstrap files (k3s configs, Ansible inventory). @default `bootstrap` beside outDir */
  readonly bootstrapDir?: string;
  /** Write the files; false only validates. @default true */
  readonly write?: boolean;
}

/** What a render produced. */
export interface RenderReport {
  readonly cluster: string;
  readonly objects: number;
  readonly files: ReadonlyMap<string, string>;
  readonly outDir: string;
  /** Node bootstrap files (empty unless a k3s cluster with nodes). */
  readonly bootstrapFiles: ReadonlyMap<string, string>;
  readonly bootstrapDir: string;
  /** Secret files whose MAC was verified, and those left unverified for want of an age key. */
  readonly secretMacs: SecretMacCount;
  /** What the write changed in each folder (empty when not written). */
  readonly writes: readonly TreeWriteResult[];
  /** Keys copied from another Secret, compared with their source or not (no age key). */
  readonly secretCopies: SecretCopyCount;
  /** Milliseconds spent per phase, for benchmarks. */
  readonly timings: { readonly assemble: number; readonly validate: number; readonly write: number };
}

/**
 * Assembles, validates and (unless `write: false`) writes one cluster: the Flux tree into
 * `outDir` and, for a cluster with nodes, the bootstrap tree beside it, each changed only where
 * it differs (see writeTrees for what the writer guarantees). Throws ClusterProblemsError
 * listing every problem; nothing is written then, and a failed write says which folders keep
 * their previous output.
 */
export async function renderCluster(cluster: ClusterDefinition, opts: RenderOptions): Promise<RenderReport> {
  const t0 = performance.now();
  // Settings and options first: a package built from a misspelt or mistyped input fails or,
  // worse, renders something else (a dropped LoadBalancer pool) without a word.
  const inputProblems = checkClusterInputs(cluster);
  if (inputProblems.length > 0) throw new ClusterProblemsError(inputProblems);
  const assembled = assembleCluster(cluster);
  const t1 = performance.now();
  const validation = await validateCluster(assembled, cluster.settings, opts.clusterDir);
  const bootstrap = planBootstrap(cluster, assembled.components);
  const problems = [...validation.problems, ...bootstrap.problems, ...unsafePathProblems(assembled)];
  const installsNodes = [...bootstrap.files.keys()].some((f) => f.startsWith("k3s/"));
  const token = installsNodes ? await checkBootstrapSecret(cluster, opts.clusterDir) : undefined;
  if (token) problems.push(...token.problems);
  const t2 = performance.now();
  if (problems.length > 0) throw new ClusterProblemsError(problems);
  const files = planFiles(assembled, validation.secretFiles);
  const outDir = resolve(opts.outDir ?? join(opts.clusterDir, "rendered"));
  const bootstrapDir = resolve(opts.bootstrapDir ?? join(dirname(outDir), "bootstrap"));
  let writes: readonly TreeWriteResult[] = [];
  if (opts.write ?? true) {
    const trees: OutputTree[] = [{ dir: outDir, files, owner: { cluster: cluster.name, tree: "rendered" } }];
    if (bootstrap.files.size > 0)
      trees.push({
        dir: bootstrapDir,
        files: bootstrap.files,
        owner: { cluster: cluster.name, tree: "bootstrap" },
      });
    try {
      writes = await writeTrees(trees);
    } catch (error) {
      const messages =
        error instanceof OutputWriteError
          ? error.problems.map((p) => p.message)
          : [`cannot write ${outDir}: ${error instanceof Error ? error.message : String(error)}`];
      throw new ClusterProblemsError(
        messages.map((message) => ({ cluster: cluster.name, layer: "output", message })),
      );
    }
  }
  const t3 = performance.now();
  return {
    cluster: cluster.name,
    objects: assembled.objects.length,
    files,
    outDir,
    bootstrapFiles: bootstrap.files,
    bootstrapDir,
    secretMacs: {
      verified: validation.secretMacs.verified + (token?.macs.verified ?? 0),
      unverified: validation.secretMacs.unverified + (token?.macs.unverified ?? 0),
    },
    writes,
    secretCopies: validation.secretCopies,
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
