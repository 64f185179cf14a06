import { access, constants } from "node:fs/promises";
import { spawnTracked } from "../process/tracked.js";

/** Where the peak memory of a spawned process comes from. */
export type MemoryMethod = "/usr/bin/time -v" | "process.resourceUsage() in a wrapper child";

/** One run of a process: wall time, CPU time and the peak resident memory of its largest process. */
export interface ProcessRun {
  readonly ms: number;
  /** User + system CPU time of the process and the children it waited for (GNU time or the wrapper child). */
  readonly cpuMs?: number;
  readonly maxRssKib?: number;
}

const GNU_TIME = "/usr/bin/time";

/** True when GNU time (Debian package `time`) is installed. */
export async function hasGnuTime(): Promise<boolean> {
  return access(GNU_TIME, constants.X_OK).then(
    () => true,
    () => false,
  );
}

/** Options of {@link runProcess}. */
export interface RunOptions {
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Wrap the command in `/usr/bin/time -v` and read its peak RSS. @default false */
  readonly gnuTime?: boolean;
  /** Exit codes that count as a finished run (e.g. 1 of a check that found problems). @default [0] */
  readonly okCodes?: readonly number[];
}

/**
 * Runs a command to completion and measures its wall time (and, with `gnuTime`, the "Maximum
 * resident set size" and the user and system time GNU time reports). Output is discarded except
 * stderr, kept for errors and for the `maxRssKib=` and `cpuMs=` lines a wrapper child prints.
 * Throws when the command fails.
 */
export async function runProcess(
  command: string,
  args: readonly string[],
  opts: RunOptions,
): Promise<ProcessRun> {
  const [cmd, argv] = opts.gnuTime ? [GNU_TIME, ["-v", command, ...args]] : [command, [...args]];
  const started = performance.now();
  const stderr = await new Promise<string>((resolve, reject) => {
    const child = spawnTracked(cmd, argv, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "ignore", "pipe"],
    });
    let err = "";
    child.stderr?.on("data", (c: Buffer) => {
      err += c.toString();
    });
    child.on("error", (error) => reject(new Error(`cannot run ${command}: ${error.message}`)));
    child.on("close", (code, signal) =>
      (opts.okCodes ?? [0]).includes(code ?? -1)
        ? resolve(err)
        : reject(new Error(`${command} ${args.join(" ")} exited with ${code ?? signal}:\n${err}`)),
    );
  });
  const ms = performance.now() - started;
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr) ?? /^maxRssKib=(\d+)$/m.exec(stderr);
  const cpuMs = cpuOf(stderr);
  return {
    ms,
    ...(cpuMs !== undefined ? { cpuMs } : {}),
    ...(rss?.[1] ? { maxRssKib: Number(rss[1]) } : {}),
  };
}

/** User + system milliseconds from GNU time's report, or from a wrapper child's `cpuMs=` line. */
function cpuOf(stderr: string): number | undefined {
  const user = /User time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  const system = /System time \(seconds\): ([\d.]+)/.exec(stderr)?.[1];
  if (user !== undefined && system !== undefined) return (Number(user) + Number(system)) * 1000;
  const wrapper = /^cpuMs=([\d.]+)$/m.exec(stderr)?.[1];
  return wrapper === undefined ? undefined : Number(wrapper);
}
