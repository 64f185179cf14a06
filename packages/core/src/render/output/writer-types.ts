import type { OutputProblem } from "./check-trees.js";
import type { Recovery } from "./journal.js";

/** The steps of a write, in order, for each folder (see {@link WriterHooks}). */
export type WriterStep =
  | "lock"
  | "recover"
  | "scan"
  | "stage"
  | "journal"
  | "apply"
  | "commit"
  | "clean"
  | "index";

/** Fault injection: lets a test fail, or stop, the writer before any step. */
export interface WriterHooks {
  /**
   * Called before each step of each folder, and before each staged file ("stage") and each
   * operation ("apply"), `n` counting from 0. Throwing fails the write there.
   */
  readonly beforeStep?: (
    step: WriterStep,
    at: { readonly dir: string; readonly n: number },
  ) => void | Promise<void>;
}

/** Options of {@link writeTrees}. */
export interface WriteTreesOptions {
  /** Fault-injection hooks, for tests. @default none */
  readonly hooks?: WriterHooks;
}

/** What a write did to one folder. */
export interface TreeWriteResult {
  /** The folder written (symbolic links resolved). */
  readonly dir: string;
  /** Files written that were not there. */
  readonly created: number;
  /** Files rewritten because their bytes differed. */
  readonly replaced: number;
  /** Files (or links) removed because they are no longer rendered. */
  readonly removed: number;
  /** Files left untouched (bytes, inode and mtime). */
  readonly unchanged: number;
  /** Files read to compare because the index could not vouch for them. */
  readonly verified: number;
  /** What an earlier, interrupted write left and how it was undone. */
  readonly recovery: Recovery;
}

/** A write that did not complete; every problem names its folder and the state it is left in. */
export class OutputWriteError extends Error {
  readonly problems: readonly OutputProblem[];
  constructor(problems: readonly OutputProblem[]) {
    super(problems.map((p) => p.message).join("\n"));
    this.name = "OutputWriteError";
    this.problems = problems;
  }
}
