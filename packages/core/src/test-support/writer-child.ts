// A writer in a child process, for the tests that kill it: writes the trees of the job in
// $HELIX_WRITER_JOB and, at `stopAt`, writes `readyFile` and waits until `goFile` exists (or it
// is killed). Writes `signalledFile` when SIGINT or SIGTERM arrives (a one-shot listener, gone
// by the time the writer decides whether to raise the signal again). Prints "done" at the end.
import { existsSync, writeFileSync } from "node:fs";
import { basename } from "node:path";
import type { WriterStep } from "../render/output/write-trees.js";
import { writeTrees } from "../render/output/write-trees.js";

/** What the child is asked to do. */
export interface WriterJob {
  readonly trees: readonly {
    readonly dir: string;
    readonly files: readonly (readonly [string, string])[];
    readonly owner: { readonly cluster: string; readonly tree: string };
  }[];
  readonly stopAt: { readonly step: WriterStep; readonly tree: string; readonly n: number };
  readonly readyFile: string;
  readonly goFile: string;
  readonly signalledFile: string;
}

const job = JSON.parse(process.env.HELIX_WRITER_JOB ?? "{}") as WriterJob;
for (const signal of ["SIGINT", "SIGTERM"] as const)
  process.once(signal, () => writeFileSync(job.signalledFile, signal));
await writeTrees(
  job.trees.map((t) => ({ ...t, files: new Map(t.files) })),
  {
    hooks: {
      beforeStep: async (step, at) => {
        const { stopAt } = job;
        if (step !== stopAt.step || basename(at.dir) !== stopAt.tree || at.n !== stopAt.n) return;
        writeFileSync(job.readyFile, String(process.pid));
        while (!existsSync(job.goFile)) await new Promise((r) => setTimeout(r, 10));
      },
    },
  },
);
process.stdout.write("done\n");
