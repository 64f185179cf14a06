/** The signals a render defers while it changes its output: Ctrl-C, `kill`, a closed terminal. */
const DEFERRED: readonly NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Signals held back while an output folder is between two whole trees. */
export interface DeferredSignals {
  /** The first deferred signal received so far. */
  received(): NodeJS.Signals | undefined;
  /** Stops deferring; returns the signal received, if any. */
  stop(): NodeJS.Signals | undefined;
}

/**
 * Catches SIGINT, SIGTERM and SIGHUP until `stop()`, so they end the write at a point where the
 * folder is whole (the writer checks `received()` between operations and rolls back) instead of
 * killing the process between two renames. SIGKILL cannot be caught: the journal covers it.
 */
export function deferSignals(): DeferredSignals {
  let first: NodeJS.Signals | undefined;
  const onSignal = (signal: NodeJS.Signals): void => {
    first ??= signal;
  };
  for (const signal of DEFERRED) process.on(signal, onSignal);
  return {
    received: () => first,
    stop: () => {
      for (const signal of DEFERRED) process.off(signal, onSignal);
      return first;
    },
  };
}

/**
 * Delivers a deferred signal again once the output is whole: when nothing else in the process
 * listens for it, its default action (ending the process, with the signal's exit status) is what
 * would have happened without the deferral; `note` says on stderr what state the output is in.
 * Returns false when another listener handles the signal, leaving the decision to it.
 */
export function raiseAgain(signal: NodeJS.Signals, note: string): boolean {
  if (process.listenerCount(signal) > 0) return false;
  process.stderr.write(`${note}\n`);
  process.kill(process.pid, signal);
  return true;
}
