import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";

/** One npm workspace package: its name and its folder relative to the repository root. */
export interface Workspace {
  readonly name: string;
  readonly dir: string;
}

async function readJson(file: string): Promise<Record<string, unknown> | undefined> {
  try {
    return JSON.parse(await readFile(file, "utf8")) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/**
 * The workspace packages the root package.json declares (`"workspaces": ["packages/*", …]`, the
 * array or `{ packages: […] }` form). Patterns are folders or folders ending in "/*".
 */
export async function listWorkspaces(root: string): Promise<Workspace[]> {
  const manifest = await readJson(join(root, "package.json"));
  const declared = manifest?.workspaces;
  const patterns = Array.isArray(declared)
    ? declared
    : typeof declared === "object" &&
        declared !== null &&
        Array.isArray((declared as { packages?: unknown }).packages)
      ? ((declared as { packages: unknown[] }).packages ?? [])
      : [];
  const dirs: string[] = [];
  for (const pattern of patterns) {
    if (typeof pattern !== "string") continue;
    const clean = pattern.replace(/^\.\//, "").replace(/\/$/, "");
    if (clean.endsWith("/*")) {
      const parent = clean.slice(0, -2);
      const children = await readdir(join(root, parent), { withFileTypes: true }).catch(() => []);
      for (const c of children) if (c.isDirectory()) dirs.push(`${parent}/${c.name}`);
    } else dirs.push(clean);
  }
  const out: Workspace[] = [];
  for (const dir of [...new Set(dirs)].sort()) {
    const name = (await readJson(join(root, dir, "package.json")))?.name;
    if (typeof name === "string") out.push({ name, dir });
  }
  return out;
}
