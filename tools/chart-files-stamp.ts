// Prints what identifies the packaged charts the chart check reads (folder, then each file's name,
// size and modification time): the Nx runtime input of the `check-charts` targets, because the
// charts live outside the workspace where Nx cannot hash them itself.
import { readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { defaultUpstreamDir } from "./upstream-data.js";

const dir = join(defaultUpstreamDir(resolve(import.meta.dirname, "..")), "charts");
const lines = [dir];
try {
  for (const name of readdirSync(dir).sort()) {
    const s = statSync(join(dir, name));
    lines.push(`${name} ${s.size} ${Math.trunc(s.mtimeMs)}`);
  }
} catch {
  lines.push("missing");
}
console.log(lines.join("\n"));
