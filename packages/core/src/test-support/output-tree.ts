import { lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, sep } from "node:path";
import { STATE_DIR } from "../render/output/tree-path.js";

/** A new temporary folder. */
export function tempFolder(prefix = "helix-writer-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Everything in a folder except the writer's state: files by relative path → content, folders
 * as "dir/", links as "-> target". What a test compares before and after a write.
 */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (abs: string): void => {
    for (const name of readdirSync(abs).sort()) {
      const full = join(abs, name);
      const rel = relative(dir, full).split(sep).join("/");
      if (rel === STATE_DIR) continue;
      const stats = lstatSync(full);
      if (stats.isSymbolicLink()) out[rel] = `-> ${readlinkSync(full)}`;
      else if (stats.isDirectory()) {
        out[`${rel}/`] = "dir";
        walk(full);
      } else out[rel] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

/** What is left in a folder's `.helix-render/` besides the index and its seal: should be nothing between writes. */
export function stateDebris(dir: string): string[] {
  const names = readdirSync(join(dir, STATE_DIR), { recursive: true }) as string[];
  return names.filter((n) => n !== "index" && n !== "seal").sort();
}
