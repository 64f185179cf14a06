import { readFileSync } from "node:fs";
import { copyFile, lstat, mkdir, mkdtemp, readdir, readFile, readlink, rm, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { envWithoutNx, type RunResult, run } from "./exec.js";

/** Root of the workspace these tools belong to. */
export const WORKSPACE_ROOT = resolve(import.meta.dirname, "../..");

/** The Nx CLI of the workspace (the `bin` of its nx package), run with the Node that runs this process. */
export const NX_BIN = join(
  WORKSPACE_ROOT,
  "node_modules/nx",
  (
    JSON.parse(readFileSync(join(WORKSPACE_ROOT, "node_modules/nx/package.json"), "utf8")) as {
      bin: { nx: string };
    }
  ).bin.nx,
);

const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: "helix-cluster tests",
  GIT_AUTHOR_EMAIL: "tests@helix-cluster.invalid",
  GIT_COMMITTER_NAME: "helix-cluster tests",
  GIT_COMMITTER_EMAIL: "tests@helix-cluster.invalid",
};

/** A throw-away git clone of the workspace with its own Nx cache. */
export interface WorkspaceClone {
  /** The clone's working tree. */
  readonly dir: string;
  /** Environment for commands in the clone: no inherited NX_*, no daemon, no cloud, own cache. */
  readonly env: NodeJS.ProcessEnv;
  git(args: readonly string[]): Promise<string>;
  /** Runs the workspace's Nx CLI in the clone; never throws on a non-zero exit. */
  nx(args: readonly string[], timeoutMs?: number): Promise<RunResult>;
  /** Stages everything and commits; returns the new HEAD. */
  commitAll(message: string): Promise<string>;
  remove(): Promise<void>;
}

/** Options of a clone. */
export interface CloneOptions {
  /**
   * Workspace-relative files copied from the working tree over the clone of HEAD and committed, so
   * the test exercises uncommitted configuration too (e.g. nx.json, package manifests).
   */
  readonly overlay?: readonly string[];
}

/**
 * Clones HEAD of the workspace into a temporary folder and gives it a node_modules: a real folder
 * whose entries link to the workspace's, except the workspace packages (@helix-cluster/*), which
 * are relative links (../../packages/x) and so resolve to the clone's own sources.
 */
export async function cloneWorkspace(opts: CloneOptions = {}): Promise<WorkspaceClone> {
  const temp = await mkdtemp(join(tmpdir(), "helix-clone-"));
  const dir = join(temp, "workspace");
  const env = envWithoutNx({
    ...GIT_IDENTITY,
    NX_DAEMON: "false",
    NX_NO_CLOUD: "true",
    NX_TUI: "false",
    NX_CACHE_DIRECTORY: join(temp, "nx-cache"),
  });
  const git = async (args: readonly string[]): Promise<string> =>
    (
      await run("git", ["-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false", ...args], {
        cwd: dir,
        env,
      })
    ).stdout.trim();
  const clone: WorkspaceClone = {
    dir,
    env,
    git,
    nx: (args, timeoutMs = 300_000) =>
      run(process.execPath, [NX_BIN, ...args], { cwd: dir, env, timeoutMs, allowFailure: true }),
    async commitAll(message) {
      await git(["add", "-A"]);
      await git(["commit", "--quiet", "--allow-empty", "-m", message]);
      return git(["rev-parse", "HEAD"]);
    },
    remove: () => rm(temp, { recursive: true, force: true }),
  };
  try {
    await run("git", ["clone", "--quiet", WORKSPACE_ROOT, dir], { cwd: temp, env });
    await linkNodeModules(join(WORKSPACE_ROOT, "node_modules"), join(dir, "node_modules"));
    if (opts.overlay && opts.overlay.length > 0) {
      for (const path of opts.overlay) {
        await mkdir(dirname(join(dir, path)), { recursive: true });
        await copyFile(join(WORKSPACE_ROOT, path), join(dir, path));
      }
      if ((await git(["status", "--porcelain"])) !== "") {
        await clone.commitAll("chore: configuration of the working tree under test");
      }
    }
  } catch (error) {
    await clone.remove();
    throw error;
  }
  return clone;
}

async function linkNodeModules(from: string, to: string): Promise<void> {
  await mkdir(to);
  for (const entry of await readdir(from)) {
    const source = join(from, entry);
    if (entry === "@helix-cluster") {
      await mkdir(join(to, entry));
      for (const pkg of await readdir(source)) {
        const link = join(source, pkg);
        const isLink = (await lstat(link)).isSymbolicLink();
        // Workspace links are relative (../../packages/x): recreated as they are, they point into the clone.
        await symlink(isLink ? await readlink(link) : link, join(to, entry, pkg));
      }
    } else {
      await symlink(source, join(to, entry));
    }
  }
}

/** Workspace-relative paths of every packages/<name>/package.json. */
export async function packageManifests(root = WORKSPACE_ROOT): Promise<string[]> {
  const names = (await readdir(join(root, "packages"), { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  return names.map((n) => `packages/${n}/package.json`);
}

/** The fields of a package.json these tools read. */
export interface PackageManifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
  readonly nx?: { readonly name?: string };
}

/** Reads a package.json. */
export async function readManifest(path: string): Promise<PackageManifest> {
  return JSON.parse(await readFile(path, "utf8")) as PackageManifest;
}
