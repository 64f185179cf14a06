import { readFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { trackTempDir, untrackTempDir } from "../process/tracked.js";
import { childJson } from "./child-json.js";
import { type ProcessRun, runProcess } from "./measure.js";
import { formatSeconds, median } from "./stats.js";
import { atLeast, atMost, type BenchRow } from "./table.js";

/** What every suite needs: the workspace root, runs per figure, and how memory is measured. */
export interface BenchContext {
  readonly root: string;
  readonly runs: number;
  /** Measure spawned processes with GNU time (else with the rusage wrapper child). */
  readonly gnuTime: boolean;
  /** Progress lines go here (stderr), the table goes to stdout. */
  readonly progress: (line: string) => void;
}

const NODE_FLAGS = ["--conditions=helix-source", "--import", "tsx"];
const GIB_KIB = 1024 * 1024;

/**
 * Runs `work` with a fresh temporary folder, removed afterwards however `work` ends; a signal that
 * stops the bench removes it too (tools/process/tracked.ts).
 */
async function withTempDir<T>(
  prefix: string,
  ctx: BenchContext,
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  trackTempDir(dir);
  ctx.progress(`  temporary folder ${dir}`);
  try {
    return await work(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
    untrackTempDir(dir);
  }
}

/** Medians of a list of process runs (CPU and memory where every run has them). */
function medians(runs: readonly ProcessRun[]): { timeMs: number; cpuMs?: number; memoryKib?: number } {
  const rss = runs.flatMap((r) => (r.maxRssKib === undefined ? [] : [r.maxRssKib]));
  const cpu = runs.flatMap((r) => (r.cpuMs === undefined ? [] : [r.cpuMs]));
  return {
    timeMs: median(runs.map((r) => r.ms)),
    ...(cpu.length === runs.length && cpu.length > 0 ? { cpuMs: median(cpu) } : {}),
    ...(rss.length > 0 ? { memoryKib: median(rss) } : {}),
  };
}

/** The cluster the README calls the default: its whole-process render has the start-up target. */
const DEFAULT_CLUSTER = "helix-onprem";

/** The wrapper that reports a child's CPU time and peak memory where GNU time is missing. */
const RUSAGE_CHILD = "tools/bench/rusage-child.mjs";

/**
 * Node's flags and the script of `npm run render`, read from the workspace's package.json, so the
 * bench runs exactly what the npm script runs (`node <flags…> <script>`).
 */
export function renderScriptArgs(root: string): { flags: string[]; script: string } {
  const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
    scripts?: Record<string, string>;
  };
  const [node, ...rest] = (manifest.scripts?.render ?? "").trim().split(/\s+/);
  const script = rest.pop();
  if (node !== "node" || !script?.endsWith(".ts"))
    throw new Error(
      `package.json's render script is not "node <flags…> <script>.ts": ${manifest.scripts?.render}`,
    );
  return { flags: rest, script };
}

/** How a whole-process render is started: the published CLI, or the workspace's source script. */
interface RenderCommand {
  readonly label: string;
  /** Node's own flags, given the workspace root. */
  readonly flags: (root: string) => readonly string[];
  /** The script and its arguments. */
  readonly args: (entry: string, out: string) => string[];
  /** Whether a wall-time target applies (it does to what users run: the CLI). */
  readonly target: boolean;
}

const RENDER_COMMANDS: readonly RenderCommand[] = [
  {
    label: "helix-cluster CLI, built",
    flags: () => [],
    args: (entry, out) => ["packages/core/bin/helix-cluster.js", "render", entry, "--out", out],
    target: true,
  },
  {
    label: "workspace sources, Node's type stripping",
    flags: (root) => renderScriptArgs(root).flags,
    args: (entry, out) => ["tools/helix-cluster.ts", "render", entry, "--out", out],
    target: false,
  },
  {
    label: "workspace sources via tsx",
    flags: () => NODE_FLAGS,
    args: (entry, out) => ["tools/helix-cluster.ts", "render", entry, "--out", out],
    target: false,
  },
];

/**
 * Full render + validation of each cluster entry as a whole process, wall time, CPU time and peak
 * memory: as a user runs it (the published `helix-cluster` bin on built packages, the entry under
 * Node's type stripping), and as the workspace's scripts ran it before `npm run render` moved to
 * Node's type stripping (sources through tsx). First, the floor of any Node process (`node -e ""`).
 * Builds the packages first (Nx cache).
 */
export async function benchClusters(ctx: BenchContext, entries: readonly string[]): Promise<BenchRow[]> {
  ctx.progress("building the packages (nx run-many -t build)");
  await runProcess("npx", ["nx", "run-many", "-t", "build", "--output-style=static"], {
    cwd: ctx.root,
    env: { ...process.env, NX_DAEMON: "false" },
  });
  const rows: BenchRow[] = [];
  const floor: ProcessRun[] = [];
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.progress(`node -e "": run ${i}/${ctx.runs}`);
    floor.push(await runProcess(process.execPath, ["-e", ""], { cwd: ctx.root, gnuTime: ctx.gnuTime }));
  }
  rows.push({
    name: 'node -e "" (the start-up floor of any Node process)',
    runs: ctx.runs,
    ...medians(floor),
  });
  for (const entry of entries) {
    const name = entry.split("/").at(-2) ?? entry;
    for (const command of RENDER_COMMANDS) {
      await withTempDir("helix-bench-render-", ctx, async (out) => {
        const runs = [];
        for (let i = 1; i <= ctx.runs; i++) {
          ctx.progress(`render ${name} (${command.label}): run ${i}/${ctx.runs}`);
          const script = command.args(entry, join(out, "rendered"));
          // The wrapper is plain JavaScript, so it adds no loader to what is measured.
          const flags = command.flags(ctx.root);
          const args = ctx.gnuTime ? [...flags, ...script] : [...flags, RUSAGE_CHILD, ...script];
          runs.push(await runProcess(process.execPath, args, { cwd: ctx.root, gnuTime: ctx.gnuTime }));
        }
        const m = medians(runs);
        const target =
          name === DEFAULT_CLUSTER ? atMost("0.3 s", m.timeMs, 300) : atMost("1 s", m.timeMs, 1000);
        rows.push({
          name: `render ${name} (${command.label})`,
          runs: ctx.runs,
          ...m,
          targets: command.target ? [target] : [],
        });
      });
    }
  }
  return rows;
}

interface SyntheticResult {
  readonly ms: number;
  readonly maxRssKib: number;
  readonly objects: number;
  readonly phases?: { readonly assemble: number; readonly validate: number; readonly write: number };
  readonly missing?: string;
}

/** Where a synthetic run puts its output. */
type SyntheticMode = "files" | "memory";

const MODE_LABEL: Record<SyntheticMode, string> = {
  files: "written to files",
  memory: "in memory, no files",
};

/**
 * The synthetic cluster at each size, rendered + validated in-process in a fresh child per run
 * (so peak memory is that size's alone), and the same objects synthesized by cdk8s when it is
 * installed, with the ratio cdk8s time / helix time. Each is timed twice: written one file per
 * object (as Flux reads them), and in memory only (helix without writing, cdk8s `synthYaml()`),
 * which separates the engines' own work from the disk's.
 */
export async function benchSynthetic(
  ctx: BenchContext,
  sizes: readonly number[],
  cdk8s: boolean,
): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const child = (engine: string, size: number, mode: SyntheticMode): Promise<SyntheticResult> =>
    withTempDir("helix-bench-synthetic-", ctx, (dir) =>
      childJson<SyntheticResult>(
        process.execPath,
        [...NODE_FLAGS, "tools/bench/synthetic-child.ts", engine, String(size), mode, dir],
        ctx.root,
      ),
    );
  const runsOf = async (
    engine: string,
    size: number,
    mode: SyntheticMode,
    label: string,
  ): Promise<SyntheticResult[]> => {
    const results: SyntheticResult[] = [];
    for (let i = 1; i <= ctx.runs; i++) {
      ctx.progress(`synthetic ${label}, ${MODE_LABEL[mode]}: ${engine} run ${i}/${ctx.runs}`);
      const r = await child(engine, size, mode);
      if (r.missing) break;
      results.push(r);
    }
    return results;
  };
  for (const size of sizes) {
    const label = `${size.toLocaleString("en-US")} components`;
    for (const mode of ["files", "memory"] as const) {
      const helix = await runsOf("helix", size, mode, label);
      const h = { timeMs: median(helix.map((r) => r.ms)), memoryKib: median(helix.map((r) => r.maxRssKib)) };
      const phase = (k: "assemble" | "validate" | "write"): number =>
        median(helix.map((r) => r.phases?.[k] ?? 0));
      const lastPhase = mode === "files" ? "YAML + write" : "YAML";
      rows.push({
        name: `synthetic ${label}, ${MODE_LABEL[mode]}: helix render+validate`,
        runs: ctx.runs,
        ...h,
        targets:
          size === 10_000 && mode === "files"
            ? [atMost("10 s", h.timeMs, 10_000), atMost("1 GiB", h.memoryKib, GIB_KIB)]
            : [],
        note: `${helix[0]?.objects ?? 0} objects; assemble ${formatSeconds(phase("assemble"))}, validate ${formatSeconds(phase("validate"))}, ${lastPhase} ${formatSeconds(phase("write"))}`,
      });
      if (!cdk8s) continue;
      const cdk = await runsOf("cdk8s", size, mode, label);
      if (cdk.length === 0) {
        rows.push({ name: `synthetic ${label}: cdk8s`, runs: 0, note: "cdk8s is not installed" });
        break;
      }
      const c = { timeMs: median(cdk.map((r) => r.ms)), memoryKib: median(cdk.map((r) => r.maxRssKib)) };
      rows.push({
        name: `synthetic ${label}, ${MODE_LABEL[mode]}: cdk8s synth`,
        runs: ctx.runs,
        ...c,
        note: `${cdk[0]?.objects ?? 0} objects, no validation`,
      });
      const ratio = c.timeMs / h.timeMs;
      rows.push({
        name: `synthetic ${label}, ${MODE_LABEL[mode]}: cdk8s time / helix time`,
        runs: ctx.runs,
        ratio,
        targets: [atLeast("2×", ratio, 2)],
      });
    }
  }
  return rows;
}

/**
 * `npm run render` as a developer runs it (every cluster and the status pages, into the workspace's
 * own folders: with the committed output current, nothing is written), and the same script without
 * npm in front, which shows what npm itself adds.
 */
export async function benchNpmRender(ctx: BenchContext): Promise<BenchRow[]> {
  const npmRuns: ProcessRun[] = [];
  const scriptRuns: ProcessRun[] = [];
  const { flags, script } = renderScriptArgs(ctx.root);
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.progress(`npm run render: run ${i}/${ctx.runs}`);
    npmRuns.push(await runProcess("npm", ["run", "-s", "render"], { cwd: ctx.root, gnuTime: ctx.gnuTime }));
    ctx.progress(`node tools/render.ts: run ${i}/${ctx.runs}`);
    const args = ctx.gnuTime ? [...flags, script] : [...flags, RUSAGE_CHILD, script];
    scriptRuns.push(await runProcess(process.execPath, args, { cwd: ctx.root, gnuTime: ctx.gnuTime }));
  }
  const npm = medians(npmRuns);
  return [
    {
      name: "npm run render (every cluster + status pages)",
      runs: ctx.runs,
      ...npm,
      targets: [atMost("0.8 s", npm.timeMs, 800)],
      note: ctx.gnuTime ? "" : "CPU and peak RSS need GNU time",
    },
    { name: "the same script without npm (node tools/render.ts)", runs: ctx.runs, ...medians(scriptRuns) },
  ];
}

/**
 * `nx run-many -t render` with a warm cache: one unmeasured run fills the cache, then the measured
 * runs alternate nx itself (its bin, under the Node the workspace pins, as `npm run render:all`
 * runs it) and `npx nx` (what npx adds: npm's own start-up). The target is nx's.
 */
export async function benchNx(ctx: BenchContext): Promise<BenchRow[]> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NX_DAEMON: "false",
    // nx's bin starts with `#!/usr/bin/env node`: the workspace's own Node first on PATH.
    PATH: `${join(ctx.root, "node_modules", ".bin")}${delimiter}${process.env.PATH ?? ""}`,
  };
  delete env.NX_SKIP_NX_CACHE;
  const args = ["run-many", "-t", "render", "--output-style=static"];
  const nx = join(ctx.root, "node_modules", ".bin", "nx");
  ctx.progress("nx run-many -t render: warming the cache");
  await runProcess(nx, args, { cwd: ctx.root, env });
  const direct = [];
  const viaNpx = [];
  for (let i = 1; i <= ctx.runs; i++) {
    ctx.progress(`nx run-many -t render: run ${i}/${ctx.runs}`);
    direct.push(await runProcess(nx, args, { cwd: ctx.root, env, gnuTime: ctx.gnuTime }));
    viaNpx.push(await runProcess("npx", ["nx", ...args], { cwd: ctx.root, env, gnuTime: ctx.gnuTime }));
  }
  const m = medians(direct);
  const note = ctx.gnuTime ? "peak RSS of its largest process" : "";
  return [
    {
      name: "nx run-many -t render (warm cache)",
      runs: ctx.runs,
      ...m,
      targets: [atMost("1 s", m.timeMs, 1000)],
      note,
    },
    { name: "the same through npx (npx nx run-many …)", runs: ctx.runs, ...medians(viaNpx), note },
  ];
}
