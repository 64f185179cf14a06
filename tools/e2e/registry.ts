import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { mkdir, open, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { run, tail } from "./exec.js";

/** The upstream registry everything but our own packages is proxied from. */
export const NPM_UPLINK = "https://registry.npmjs.org/";
/** Our packages: published locally, never looked up upstream. */
export const LOCAL_SCOPE = "@helix-cluster";

/** A running local registry. */
export interface LocalRegistry {
  /** Base URL, e.g. http://127.0.0.1:4873 (no trailing slash). */
  readonly url: string;
  /** Process id (also the process group id) of the registry. */
  readonly pid: number;
  /** An npm user config with the publishing user's token for this registry. */
  readonly userconfig: string;
  /** Where the registry logs. */
  readonly log: string;
  /** Stops the whole process group; returns the processes of the group still alive after that. */
  stop(): Promise<string[]>;
}

function verdaccioBin(): string {
  const require = createRequire(import.meta.url);
  const manifestPath = require.resolve("verdaccio/package.json");
  const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as {
    bin: string | Record<string, string>;
  };
  const bin = typeof manifest.bin === "string" ? manifest.bin : (manifest.bin.verdaccio ?? "");
  return join(dirname(manifestPath), bin);
}

/** A TCP port free on 127.0.0.1 right now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function config(dir: string): string {
  // Our scope has no uplink: it is served only from what was published here. Everything else
  // (kubernetes-models, tsx, typescript…) is proxied from the npm registry.
  return `storage: ${JSON.stringify(join(dir, "storage"))}
auth:
  htpasswd:
    file: ${JSON.stringify(join(dir, "htpasswd"))}
    max_users: 1
uplinks:
  npmjs:
    url: ${NPM_UPLINK}
    timeout: 60s
    max_fails: 5
packages:
  "${LOCAL_SCOPE}/*":
    access: $all
    publish: $authenticated
    unpublish: $authenticated
  "**":
    access: $all
    publish: $authenticated
    proxy: npmjs
web:
  enable: false
server:
  keepAliveTimeout: 60
log: { type: stdout, format: pretty, level: http }
`;
}

/** Processes (pid and command) whose process group is `pgid`. */
export async function processGroup(pgid: number): Promise<string[]> {
  const { stdout } = await run("ps", ["-eo", "pid=,pgid=,args="], { cwd: "/" });
  return stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter(([, group]) => Number(group) === pgid)
    .map(([pid, , ...args]) => `${pid} ${args.join(" ")}`);
}

async function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return true;
  return Promise.race([
    new Promise<boolean>((resolve) => child.once("exit", () => resolve(true))),
    sleep(ms).then(() => false),
  ]);
}

/** Stops of the registries started and not stopped yet, including one still starting up. */
const started = new Set<() => Promise<string[]>>();

/**
 * Stops every registry this process started, also one whose start has not returned yet (for a
 * signal that arrives while verdaccio boots); returns the processes still alive after that.
 */
export async function stopAllRegistries(): Promise<string[]> {
  const left = await Promise.all([...started].map((stop) => stop()));
  return left.flat();
}

/**
 * Starts verdaccio on 127.0.0.1 with its config, storage and log in `dir`, in its own process
 * group, and registers the user that publishes.
 */
export async function startRegistry(dir: string): Promise<LocalRegistry> {
  await mkdir(dir, { recursive: true });
  const configFile = join(dir, "config.yaml");
  await writeFile(configFile, config(dir));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const log = join(dir, "verdaccio.log");
  const logHandle = await open(log, "w");
  // Its own process group (detached), so stopping it also stops anything it started.
  const child = spawn(
    process.execPath,
    [verdaccioBin(), "--config", configFile, "--listen", `127.0.0.1:${port}`],
    {
      cwd: dir,
      detached: true,
      stdio: ["ignore", logHandle.fd, logHandle.fd],
    },
  );
  await logHandle.close();
  let spawnError: Error | undefined;
  child.on("error", (error) => {
    spawnError = error;
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error("verdaccio did not start");

  const stop = async (): Promise<string[]> => {
    started.delete(stop);
    for (const [signal, ms] of [
      ["SIGTERM", 10_000],
      ["SIGKILL", 5_000],
    ] as const) {
      try {
        process.kill(-pid, signal);
      } catch {
        // the group is gone already
      }
      if ((await waitForExit(child, ms)) && (await processGroup(pid)).length === 0) break;
    }
    return processGroup(pid);
  };
  started.add(stop);

  try {
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (spawnError) throw spawnError;
      if (child.exitCode !== null) throw new Error(`verdaccio exited with ${child.exitCode}`);
      const ok = await fetch(`${url}/-/ping`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) break;
      if (Date.now() > deadline) throw new Error(`verdaccio did not answer on ${url} within 60 s`);
      await sleep(250);
    }
    // What `npm adduser` does: create the user, get its token.
    const name = "helix-e2e";
    const response = await fetch(`${url}/-/user/org.couchdb.user:${name}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ name, password: `pw-${process.pid}-${Date.now()}`, type: "user", roles: [] }),
    });
    const body = (await response.json()) as { token?: string; error?: string };
    if (!response.ok || !body.token)
      throw new Error(`cannot create a registry user: ${JSON.stringify(body)}`);
    const userconfig = join(dir, "npmrc");
    await writeFile(userconfig, `//127.0.0.1:${port}/:_authToken=${body.token}\n`, { mode: 0o600 });
    return { url, pid, userconfig, log, stop };
  } catch (error) {
    await stop();
    const logText = await readFile(log, "utf8").catch(() => "");
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${tail(logText, 30)}`);
  }
}
