import { spawn } from "node:child_process";
import { mkdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { CORE_PACKAGE } from "../render/assemble.js";

/** The outcome of rendering one cluster entry of a checkout. */
export interface EntryRender {
  /** Entry path relative to the checkout root. */
  readonly entry: string;
  /** Cluster name, when the entry loaded. */
  readonly cluster?: string;
  /**
   * Folder standing for the cluster folder, when the render succeeded: `rendered/` inside it, and
   * whatever else the render writes beside it (e.g. `bootstrap/`).
   */
  readonly treeDir?: string;
  /** Why the render failed (every problem, as the CLI prints them). */
  readonly error?: string;
}

/**
 * Runs in the child, from the checkout root: imports the checkout's own @helix-cluster/core (so a
 * revision renders with the core and packages of that revision) and renders each entry with
 * `renderClusterEntry(entry, { outDir, write: true })`, then writes the outcomes as JSON.
 */
const CHILD_SCRIPT = `
import { writeFileSync } from "node:fs";
const job = JSON.parse(process.env.HELIX_DIFF_JOB);
const { renderClusterEntry } = await import(${JSON.stringify(CORE_PACKAGE)});
const results = [];
for (const [i, entry] of job.entries.entries()) {
  const treeDir = job.outRoot + "/" + i;
  try {
    const report = await renderClusterEntry(entry, { outDir: treeDir + "/rendered", write: true });
    results.push({ entry, cluster: report.cluster, treeDir });
  } catch (error) {
    const problems = error && Array.isArray(error.problems) ? error.problems : [];
    results.push({ entry, cluster: problems[0]?.cluster, error: error instanceof Error ? error.message : String(error) });
  }
}
writeFileSync(job.resultFile, JSON.stringify(results));
`;

/** True when the checkout's core resolves to its TypeScript sources (a workspace, not a registry install). */
async function usesSourceCondition(root: string): Promise<boolean> {
  const dir = join(root, "node_modules", ...CORE_PACKAGE.split("/"));
  try {
    const manifest = JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as {
      exports?: Record<string, Record<string, string> | string>;
    };
    const main = manifest.exports?.["."];
    const source = typeof main === "object" ? main["helix-source"] : undefined;
    return source !== undefined && (await stat(join(dir, source)).catch(() => undefined)) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Renders cluster entries (paths relative to `root`) of one checkout in a child Node process whose
 * module resolution starts at that checkout, each into `<outRoot>/<index>/rendered` (trees the
 * render writes beside its output folder land beside it). A failed render is an
 * outcome with its error, not an exception; a child that dies is an exception. Aborting `signal`
 * kills the child at once.
 */
export async function renderInChild(
  root: string,
  entries: readonly string[],
  outRoot: string,
  signal?: AbortSignal,
): Promise<EntryRender[]> {
  if (entries.length === 0) return [];
  await mkdir(outRoot, { recursive: true });
  const resultFile = join(outRoot, "results.json");
  // A workspace core is TypeScript: load it through tsx. A built core loads a TypeScript cluster
  // entry itself (Node's type stripping, tsx as the fallback).
  const source = (await usesSourceCondition(root)) ? ["--conditions=helix-source", "--import", "tsx"] : [];
  const args = [...source, "--input-type=module", "--eval", CHILD_SCRIPT];
  const env = { ...process.env, HELIX_DIFF_JOB: JSON.stringify({ entries, outRoot, resultFile }) };
  const stderr = await new Promise<string>((resolvePromise, reject) => {
    const child = spawn(process.execPath, args, {
      cwd: root,
      env,
      stdio: ["ignore", "ignore", "pipe"],
      ...(signal ? { signal, killSignal: "SIGKILL" as const } : {}),
    });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) =>
      code === 0 ? resolvePromise(err) : reject(new Error(`render of ${root} exited with ${code}:\n${err}`)),
    );
  });
  try {
    return JSON.parse(await readFile(resultFile, "utf8")) as EntryRender[];
  } catch {
    throw new Error(`render of ${root} gave no result:\n${stderr}`);
  }
}
