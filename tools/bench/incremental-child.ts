// Incremental re-renders of the synthetic cluster in one fresh process:
// `node --conditions=helix-source --import tsx tools/bench/incremental-child.ts <size>`.
// Renders the cluster into an empty folder, then times, in the same (warmed-up) process: a
// re-render that changes nothing, the same render in memory only, a re-render after one
// component changed, and one after a rendered file was deleted by hand. Prints one JSON line.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RenderReport, renderCluster } from "@helix-cluster/core";
import { syntheticCluster } from "./synthetic.js";

/** What one run measured (milliseconds) and what each re-render wrote. */
export interface IncrementalResult {
  readonly objects: number;
  readonly files: number;
  readonly full: number;
  readonly unchanged: number;
  readonly memory: number;
  readonly changed: number;
  readonly deleted: number;
  /** Files written, removed and read (verified) by each re-render, "written/removed/read". */
  readonly io: { readonly unchanged: string; readonly changed: string; readonly deleted: string };
  readonly maxRssKib: number;
}

const size = Number(process.argv[2]);
if (!Number.isInteger(size) || size <= 0) {
  console.error("usage: incremental-child.ts <size>");
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), "helix-bench-incremental-"));
const outDir = join(dir, "rendered");
const timed = async (render: () => Promise<RenderReport>): Promise<[number, RenderReport]> => {
  const started = performance.now();
  const report = await render();
  return [performance.now() - started, report];
};
const io = (report: RenderReport): string => {
  const w = report.writes[0];
  return w ? `${w.created + w.replaced}/${w.removed}/${w.verified}` : "—";
};
try {
  const base = syntheticCluster(size);
  const [full, first] = await timed(() => renderCluster(base, { clusterDir: dir, outDir }));
  // A user re-renders seconds later; here the first files are a few ms old, so wait past the
  // file system's time stamp granularity to measure the same thing.
  await new Promise((r) => setTimeout(r, 50));
  const [unchanged, same] = await timed(() => renderCluster(base, { clusterDir: dir, outDir }));
  const [memory] = await timed(() => renderCluster(base, { clusterDir: dir, outDir, write: false }));
  const changedCluster = syntheticCluster(size, Math.floor(size / 2));
  const [changed, bumped] = await timed(() => renderCluster(changedCluster, { clusterDir: dir, outDir }));
  await rm(join(outDir, "team-000/svc-00000/configmap-svc-00000-config.yaml"));
  const [deleted, restored] = await timed(() => renderCluster(changedCluster, { clusterDir: dir, outDir }));
  const result: IncrementalResult = {
    objects: first.objects,
    files: first.files.size,
    full,
    unchanged,
    memory,
    changed,
    deleted,
    io: { unchanged: io(same), changed: io(bumped), deleted: io(restored) },
    maxRssKib: process.resourceUsage().maxRSS,
  };
  console.log(JSON.stringify(result));
} finally {
  await rm(dir, { recursive: true, force: true });
}
