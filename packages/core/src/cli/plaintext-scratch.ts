import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { rmSync } from "node:fs";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { constants, tmpdir } from "node:os";
import { join } from "node:path";

/** Signals that end the command while the plaintext exists; each removes it before exiting. */
const EXIT_SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/** How long an editor gets to quit after SIGTERM before it is killed. */
const EDITOR_GRACE_MS = 2_000;

/** How an editor run ended: its exit code, or the signal that ended it. */
export interface EditorExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/**
 * One decrypted file in a private temporary folder (0700, the file 0600) that never outlives the
 * command: {@link dispose} removes the folder (with any swap or backup file an editor left), and
 * while it exists SIGINT, SIGTERM and SIGHUP stop a running editor, remove the folder and exit
 * with 128 + the signal's number.
 */
export class PlaintextScratch {
  /** The private folder. */
  readonly dir: string;
  /** The plaintext file inside it. */
  readonly file: string;
  readonly #notice: string;
  #editor: ChildProcess | undefined;
  #stopping = false;
  readonly #onSignal = (signal: NodeJS.Signals): void => {
    void this.#stop(signal);
  };

  private constructor(dir: string, file: string, notice: string) {
    this.dir = dir;
    this.file = file;
    this.#notice = notice;
    for (const signal of EXIT_SIGNALS) process.on(signal, this.#onSignal);
  }

  /**
   * Creates the folder and writes `content` into `fileName` there. `notice` is printed to stderr
   * when a signal ends the command (e.g. "db.sops.yaml unchanged").
   */
  static async create(fileName: string, content: string, notice: string): Promise<PlaintextScratch> {
    // mkdtemp creates the folder with mode 0700 whatever the umask.
    const dir = await mkdtemp(join(tmpdir(), "helix-secret-"));
    // Handlers first, so no signal can come between writing the plaintext and guarding it.
    const scratch = new PlaintextScratch(dir, join(dir, fileName), notice);
    try {
      await writeFile(scratch.file, content, { mode: 0o600, flag: "wx" });
    } catch (error) {
      await scratch.dispose();
      throw error;
    }
    return scratch;
  }

  /** Runs the editor (argv, the file appended) with the terminal and `env`, and resolves when it exits. */
  async edit(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<EditorExit> {
    const [command = "", ...args] = argv;
    const editor = spawn(command, [...args, this.file], { stdio: "inherit", env });
    this.#editor = editor;
    try {
      const [code, signal] = (await once(editor, "exit")) as [number | null, NodeJS.Signals | null];
      return { code, signal };
    } catch (error) {
      throw new Error(
        `cannot start the editor ${JSON.stringify(command)} (${(error as Error).message}): set VISUAL or EDITOR to an installed editor`,
      );
    } finally {
      this.#editor = undefined;
    }
  }

  /** Removes the folder and the signal handlers. */
  async dispose(): Promise<void> {
    for (const signal of EXIT_SIGNALS) process.off(signal, this.#onSignal);
    await rm(this.dir, { recursive: true, force: true });
  }

  async #stop(signal: NodeJS.Signals): Promise<void> {
    if (this.#stopping) return;
    this.#stopping = true;
    const editor = this.#editor;
    if (editor && editor.exitCode === null && editor.signalCode === null) {
      // Let the editor quit (and close the file) before its folder goes; never leave it running.
      const exited = once(editor, "exit");
      editor.kill("SIGTERM");
      const timer = setTimeout(() => editor.kill("SIGKILL"), EDITOR_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
    process.stderr.write(`\n${signal}: ${this.#notice}; the decrypted copy was removed\n`);
    process.exit(128 + constants.signals[signal]);
  }
}
