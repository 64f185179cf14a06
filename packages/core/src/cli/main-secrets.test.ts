import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readTree } from "../diff/rendered-tree.js";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { main } from "./main.js";

/** Runs the CLI in-process and collects what it writes. */
async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { code, out, err };
}

const SECRET = "secrets/apps/app-credentials.sops.yaml";

describe("helix-cluster render and secret MACs", () => {
  let fx: Fixture;
  let entry: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    fx = await makeFixture();
    entry = join(fx.dir, "cluster.ts");
    const fixture = pathToFileURL(join(import.meta.dirname, "../test-support/fixture.ts")).href;
    const model = pathToFileURL(join(import.meta.dirname, "../model/cluster.ts")).href;
    await writeFile(
      entry,
      `import { defineCluster } from ${JSON.stringify(model)};\nimport { appComponent, appsPackage } from ${JSON.stringify(fixture)};\n` +
        `export default defineCluster({ name: "test", settings: ${JSON.stringify(fx.settings)}, namespaces: [appsPackage([appComponent()])] });\n`,
    );
    // Only the keys a test sets: never the developer's own.
    process.env.XDG_CONFIG_HOME = fx.dir;
    delete process.env.SOPS_AGE_KEY;
    delete process.env.SOPS_AGE_KEY_FILE;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it("says in its summary that MACs were verified with the key, and that they were not without one", async () => {
    const without = await cli(["render", entry]);
    expect(without.code).toBe(0);
    expect(without.out).toMatch(
      /^rendered 1 cluster: .* s; MACs of 1 secret file not verified \(no age key\)\n$/,
    );
    process.env.SOPS_AGE_KEY = fx.identity;
    const withKey = await cli(["validate", entry]);
    expect(withKey).toMatchObject({ code: 0, err: "" });
    expect(withKey.out).toMatch(/^validated 1 cluster: .* s; MACs of 1 secret file verified\n$/);
  });

  it("fails a render with a tampered secret when the key is at hand, naming where, and leaves every file as it was", async () => {
    expect((await cli(["render", entry])).code).toBe(0);
    const rendered = await readTree(join(fx.dir, "rendered"));
    const source = join(fx.dir, SECRET);
    const tampered = (await readFile(source, "utf8")).replace("type: Opaque", "type: kubernetes.io/tls");
    await writeFile(source, tampered);
    process.env.SOPS_AGE_KEY = fx.identity;
    const result = await cli(["render", entry]);
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err).toContain(
      `test › @test/apps › app › Secret/apps/app-credentials: ${SECRET}: MAC mismatch: the file was modified after it was encrypted: restore it from git (git checkout -- ${SECRET})`,
    );
    expect(await readTree(join(fx.dir, "rendered"))).toEqual(rendered);
    expect(await readFile(source, "utf8")).toBe(tampered);
  });

  it.each([
    [
      "not valid YAML",
      (t: string) => t.replace(/^ {2}mac: /m, "   mac: "),
      new RegExp(`${SECRET}: not valid YAML \\(line \\d+: .+\\): fix it, or restore it from git`),
    ],
    [
      "in plain text",
      () =>
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: apps\nstringData:\n  password: plain\n",
      new RegExp(`${SECRET} is not SOPS-encrypted \\(no sops metadata\\): encrypt it with`),
    ],
  ])(
    "fails a render with a secret file %s, naming where and what to do, and leaves every file as it was",
    async (_what, edit, message) => {
      expect((await cli(["render", entry])).code).toBe(0);
      const rendered = await readTree(join(fx.dir, "rendered"));
      const source = join(fx.dir, SECRET);
      const broken = edit(await readFile(source, "utf8"));
      await writeFile(source, broken);
      const result = await cli(["render", entry]);
      expect(result.code).toBe(1);
      expect(result.err).toContain("test › @test/apps › app › Secret/apps/app-credentials: ");
      expect(result.err).toMatch(message);
      expect(await readTree(join(fx.dir, "rendered"))).toEqual(rendered);
      expect(await readFile(source, "utf8")).toBe(broken);
    },
  );

  it("fails when SOPS_AGE_KEY_FILE points to a missing file, saying so", async () => {
    process.env.SOPS_AGE_KEY_FILE = join(fx.dir, "gone.txt");
    const result = await cli(["validate", entry]);
    expect(result.code).toBe(1);
    expect(result.err).toContain(
      `test: SOPS_AGE_KEY_FILE points to ${join(fx.dir, "gone.txt")}, which does not exist: correct the path or unset SOPS_AGE_KEY_FILE [secret]`,
    );
  });
});
