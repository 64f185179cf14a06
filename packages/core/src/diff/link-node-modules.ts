import { lstat, mkdir, readdir, realpath, symlink } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { listWorkspaces } from "./workspaces.js";

/** True when `target` lies inside `dir`. */
function isInside(dir: string, target: string): boolean {
  const rel = relative(dir, target);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
}

/** True for a link npm made to a workspace package of `root` (its real path is the package folder). */
async function isWorkspaceLink(root: string, path: string): Promise<boolean> {
  const info = await lstat(path);
  if (!info.isSymbolicLink()) return false;
  const real = await realpath(path).catch(() => undefined);
  return real !== undefined && isInside(root, real) && !real.split(sep).includes("node_modules");
}

/**
 * Gives the checkout at `target` the installed dependencies of the checkout at `source` without
 * copying or installing anything: `target/node_modules` becomes a real folder whose entries are
 * symbolic links to `source/node_modules/*`, except the workspace packages, which link to
 * `target`'s own packages (so the target's sources are what gets imported). Workspace folders of
 * the target that have a nested node_modules in `source` link to it too.
 */
export async function linkNodeModules(source: string, target: string): Promise<void> {
  const from = join(source, "node_modules");
  const to = join(target, "node_modules");
  const workspaces = await listWorkspaces(target);
  const own = new Set(workspaces.map((w) => w.name));
  await mkdir(to, { recursive: true });
  const linkEntry = async (name: string): Promise<void> => {
    const path = join(from, name);
    if (own.has(name.split(sep).join("/")) || (await isWorkspaceLink(source, path))) return;
    await symlink(path, join(to, name));
  };
  const installed = await readdir(from, { withFileTypes: true }).catch(() => {
    throw new Error(`${from} is missing: install the dependencies (npm ci) first`);
  });
  for (const entry of installed) {
    if (entry.name.startsWith("@") && entry.isDirectory()) {
      await mkdir(join(to, entry.name), { recursive: true });
      for (const child of await readdir(join(from, entry.name))) await linkEntry(join(entry.name, child));
    } else await linkEntry(entry.name);
  }
  for (const ws of workspaces) {
    const link = join(to, ...ws.name.split("/"));
    await mkdir(dirname(link), { recursive: true });
    await symlink(relative(dirname(link), join(target, ws.dir)), link);
    const nested = join(source, ws.dir, "node_modules");
    const exists = await lstat(nested).catch(() => undefined);
    const mine = await lstat(join(target, ws.dir, "node_modules")).catch(() => undefined);
    if (exists && !mine) await symlink(nested, join(target, ws.dir, "node_modules"));
  }
}
