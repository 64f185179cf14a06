import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";

/** How to run one command. */
export interface RunOptions {
  readonly cwd: string;
  /** The whole environment of the child (not merged with process.env). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** Kill the command after this long. @default 10 minutes */
  readonly timeoutMs?: number;
  /** Return a non-zero exit instead of throwing. @default false */
  readonly allowFailure?: boolean;
}

/** What a finished command printed and how it exited. */
export interface RunResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr interleaved as they arrived. */
  readonly output: string;
}

/** A command that exited non-zero (or was killed); its message ends with the tail of its output. */
export class RunError extends Error {
  readonly command: string;
  readonly result: RunResult;
  constructor(command: string, result: RunResult) {
    super(`${command} exited with ${result.code}:\n${tail(result.output, 60)}`);
    this.command = command;
    this.result = result;
    this.name = "RunError";
  }
}

/** The last `lines` lines of a text. */
export function tail(text: string, lines: number): string {
  return text.trimEnd().split("\n").slice(-lines).join("\n");
}

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*[A-Za-z]`, "g");

/** The text without terminal colour codes. */
export function stripAnsi(text: string): string {
  return text.replace(ANSI, "");
}

/** The children started by {@link run} that have not ended yet. */
const running = new Set<ChildProcess>();

/**
 * Sends `signal` to every child {@link run} started that is still running (e.g. when the parent is
 * interrupted); returns how many there were.
 */
export function killRunningChildren(signal: NodeJS.Signals = "SIGTERM"): number {
  for (const child of running) child.kill(signal);
  return running.size;
}

/**
 * Runs a command without a shell and collects its output; throws RunError when it exits non-zero or
 * is killed, and a plain Error naming the command when it cannot start (e.g. not on PATH). The
 * time limit is a timer of our own, cleared however the command ends: Node's `timeout` option
 * is only cleared on "exit", which a command that never started does not emit, so it kept the
 * parent alive for the whole limit after a spawn error.
 */
export function run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const shown = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
    });
    running.add(child);
    const limitMs = opts.timeoutMs ?? 600_000;
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, limitMs);
    const settle = (): void => {
      clearTimeout(timer);
      running.delete(child);
    };
    let stdout = "";
    let stderr = "";
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      output += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
      output += chunk.toString();
    });
    child.on("error", (error: NodeJS.ErrnoException) => {
      settle();
      const hint = error.code === "ENOENT" ? ` (is ${command} installed and on PATH?)` : "";
      reject(new Error(`cannot run ${shown}: ${error.message}${hint}`));
    });
    child.on("close", (code, signal) => {
      settle();
      const result: RunResult = {
        code: code ?? (signal ? 128 + (constants.signals[signal] ?? 0) : 1),
        stdout: stripAnsi(stdout),
        stderr: stripAnsi(stderr),
        output: stripAnsi(timedOut ? `${output}\n(killed after ${limitMs / 1000} s)` : output),
      };
      if (result.code !== 0 && !opts.allowFailure) reject(new RunError(shown, result));
      else resolve(result);
    });
  });
}

/**
 * The current environment without any NX_* variable (an outer Nx run sets some, e.g. the workspace
 * root, that would point a nested Nx at the wrong workspace), plus the given variables.
 */
export function envWithoutNx(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!key.startsWith("NX_") && value !== undefined) env[key] = value;
  }
  return { ...env, FORCE_COLOR: "0", NO_COLOR: "1", ...extra };
}
