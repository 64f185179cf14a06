import { spawn } from "node:child_process";

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

/** Runs a command without a shell and collects its output; throws RunError when it fails. */
export function run(command: string, args: readonly string[], opts: RunOptions): Promise<RunResult> {
  const shown = [command, ...args].join(" ");
  return new Promise((resolve, reject) => {
    const child = spawn(command, [...args], {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ["ignore", "pipe", "pipe"],
      timeout: opts.timeoutMs ?? 600_000,
      killSignal: "SIGKILL",
    });
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
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const result: RunResult = {
        code: code ?? (signal ? 128 : 1),
        stdout: stripAnsi(stdout),
        stderr: stripAnsi(stderr),
        output: stripAnsi(output),
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
