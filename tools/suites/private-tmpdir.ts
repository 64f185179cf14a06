// Global setup of every test suite: the tests' temporary folders go into one folder of this run,
// removed when the run ends, so fixtures a test does not clean up (or a test killed midway) leave
// nothing in the system's temporary folder. Workers and the processes tests spawn inherit TMPDIR.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Points TMPDIR at a fresh folder; the returned teardown removes it and restores TMPDIR. */
export default function privateTmpdir(): () => void {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), "helix-test-run-"));
  process.env.TMPDIR = dir;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(dir, { recursive: true, force: true });
  };
}
