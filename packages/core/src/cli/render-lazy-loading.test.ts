import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";

const run = promisify(execFile);
const here = (file: string): string => pathToFileURL(join(import.meta.dirname, file)).href;

/**
 * A child that runs the CLI from the sources and reports how many modules of age-encryption and of
 * Ajv's schema compiler it loaded.
 */
const CHILD = `import { registerHooks } from "node:module";
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const { registerTsSiblingResolution } = await import(${JSON.stringify(here("../render/ts-sibling-resolution.ts"))});
registerTsSiblingResolution();
const { main } = await import(${JSON.stringify(here("main.ts"))});
let out = "";
const code = await main(process.argv.slice(2), { write: (t) => (out += t) }, process.stderr);
const count = (part) => loaded.filter((u) => u.includes(part)).length;
console.log(JSON.stringify({ code, out, age: count("/age-encryption/"), compiler: count("/ajv/dist/compile/") }));
`;

/** What the child reports. */
interface Loaded {
  readonly code: number;
  readonly out: string;
  /** Modules of age-encryption loaded. */
  readonly age: number;
  /** Modules of Ajv's schema compiler loaded. */
  readonly compiler: number;
  /** What the CLI wrote to stderr. */
  readonly err: string;
}

describe("modules a render loads only when it needs them", () => {
  let fx: Fixture;
  let entry: string;
  let child: string;
  beforeEach(async () => {
    fx = await makeFixture();
    entry = join(fx.dir, "cluster.ts");
    child = join(fx.dir, "child.mjs");
    await writeEntry(fx.settings);
    await writeFile(child, CHILD);
  });
  afterEach(() => rm(fx.dir, { recursive: true, force: true }));

  /**
   * Writes the fixture's entry with these settings; `extra` adds to its defineCluster call. The
   * entry imports core's public API only (the fixture module itself loads the crypto to encrypt).
   */
  async function writeEntry(settings: object, extra = ""): Promise<void> {
    await writeFile(
      entry,
      `import { defineCluster, defineNamespacePackage, helmComponent, NO_OPTIONS, secretRef } from ${JSON.stringify(here("../index.ts"))};
const app = helmComponent({
  name: "app",
  namespace: "apps",
  chart: { oci: "oci://ghcr.io/example/charts/app", version: "1.2.3" },
  values: { auth: { existingSecret: "app-credentials" } },
  secrets: [secretRef("app-credentials", ["password"])],
});
const apps = defineNamespacePackage({ packageName: "@test/apps", namespace: "apps", optionsSchema: NO_OPTIONS, components: () => [app] });
export default defineCluster({ name: "test", settings: ${JSON.stringify(settings)}, namespaces: [apps()]${extra} });
`,
    );
  }

  /** Validates the fixture cluster in a fresh process whose only age key source is `key`. */
  async function validate(key: string | undefined): Promise<Loaded> {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: fx.dir };
    delete env.SOPS_AGE_KEY;
    delete env.SOPS_AGE_KEY_FILE;
    if (key) env.SOPS_AGE_KEY = key;
    const { stdout, stderr } = await run(process.execPath, [child, "validate", entry], { env, cwd: fx.dir });
    return { ...(JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as Loaded), err: stderr };
  }

  it("the age crypto: not loaded without an age key, loaded to verify the MACs with one", async () => {
    // Given a cluster with one encrypted Secret, when validated without any age key
    const without = await validate(undefined);
    // Then the MAC is reported unverified and no module of age-encryption was loaded
    expect(without.code).toBe(0);
    expect(without.out).toMatch(/MACs of 1 secret file not verified \(no age key\)\n$/);
    expect(without.age).toBe(0);
    // When validated with the cluster's key, then the crypto loads and the MAC is verified
    const withKey = await validate(fx.identity);
    expect(withKey.code).toBe(0);
    expect(withKey.out).toMatch(/MACs of 1 secret file verified\n$/);
    expect(withKey.age).toBeGreaterThan(0);
  }, 60_000);

  it("Ajv's compiler: not loaded while every input schema has its compiled validator, loaded for a cluster's own settings fields", async () => {
    // Given a cluster whose settings and package options have schemas compiled ahead of time
    // When validated, then no module of Ajv's compiler was loaded
    const precompiled = await validate(undefined);
    expect(precompiled.code).toBe(0);
    expect(precompiled.compiler).toBe(0);
    // Given the same cluster with settings fields of its own, one of which has the wrong type
    await writeEntry(
      { ...fx.settings, team: 7 },
      `, settingsSchema: { type: "object", properties: { team: { type: "string" } } }`,
    );
    // When validated, then the compiler loads for the merged schema, and the field is checked
    const extended = await validate(undefined);
    expect(extended.code).not.toBe(0);
    expect(extended.err).toMatch(/test › settings\.team: must be a string, found a number \(7\)/);
    expect(extended.compiler).toBeGreaterThan(0);
  }, 60_000);
});
