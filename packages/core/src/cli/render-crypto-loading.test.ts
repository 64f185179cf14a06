import { execFile } from "node:child_process";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture } from "../test-support/fixture.js";

const run = promisify(execFile);
const here = (file: string): string => pathToFileURL(join(import.meta.dirname, file)).href;

/** A child that runs the CLI from the sources and reports which age-encryption modules it loaded. */
const CHILD = `import { registerHooks } from "node:module";
const loaded = [];
registerHooks({ load(url, context, next) { loaded.push(url); return next(url, context); } });
const { registerTsSiblingResolution } = await import(${JSON.stringify(here("../render/ts-sibling-resolution.ts"))});
registerTsSiblingResolution();
const { main } = await import(${JSON.stringify(here("main.ts"))});
let out = "";
const code = await main(process.argv.slice(2), { write: (t) => (out += t) }, process.stderr);
console.log(JSON.stringify({ code, out, age: loaded.filter((u) => u.includes("/age-encryption/")).length }));
`;

describe("the age crypto in a render", () => {
  let fx: Fixture;
  let entry: string;
  let child: string;
  beforeEach(async () => {
    fx = await makeFixture();
    entry = join(fx.dir, "cluster.ts");
    child = join(fx.dir, "child.mjs");
    // The entry imports core's public API only (the fixture module itself loads the crypto to encrypt).
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
export default defineCluster({ name: "test", settings: ${JSON.stringify(fx.settings)}, namespaces: [apps()] });
`,
    );
    await writeFile(child, CHILD);
  });
  afterEach(() => rm(fx.dir, { recursive: true, force: true }));

  /** Validates the fixture cluster in a fresh process whose only age key source is `key`. */
  async function validate(key: string | undefined): Promise<{ code: number; out: string; age: number }> {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_CONFIG_HOME: fx.dir };
    delete env.SOPS_AGE_KEY;
    delete env.SOPS_AGE_KEY_FILE;
    if (key) env.SOPS_AGE_KEY = key;
    const { stdout } = await run(process.execPath, [child, "validate", entry], { env, cwd: fx.dir });
    return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { code: number; out: string; age: number };
  }

  it("is not loaded without an age key, and is loaded to verify the MACs with one", async () => {
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
});
