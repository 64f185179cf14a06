import type { DeferredSignals } from "./signals.js";
import type { WriterHooks, WriterStep } from "./writer-types.js";

/** A deferred signal, thrown at the next point where the write can stop cleanly. */
export class Interrupted extends Error {
  readonly signal: NodeJS.Signals;
  constructor(signal: NodeJS.Signals) {
    super(`interrupted by ${signal}`);
    this.signal = signal;
  }
}

/** Operations between two chances for a deferred signal to stop the write. */
const YIELD_EVERY = 256;

/** Called before each step; a promise when it yields or runs an async hook. */
export type Checkpoint = (step: WriterStep, dir: string, n: number) => Promise<void> | undefined;

/**
 * Before each step: the test hook, then a stop if a deferred signal arrived. Every
 * {@link YIELD_EVERY} calls it yields to the event loop, which is when signal listeners run.
 */
export function checkpoints(signals: DeferredSignals, hooks: WriterHooks | undefined): Checkpoint {
  let calls = 0;
  const check = (): void => {
    const signal = signals.received();
    if (signal) throw new Interrupted(signal);
  };
  return (step, dir, n) => {
    const hooked = hooks?.beforeStep?.(step, { dir, n });
    const yielding = ++calls % YIELD_EVERY === 0 || (step !== "apply" && step !== "stage");
    if (!hooked && !yielding) {
      check();
      return undefined;
    }
    return (async () => {
      await hooked;
      if (yielding) await new Promise<void>((resolve) => setImmediate(resolve));
      check();
    })();
  };
}
