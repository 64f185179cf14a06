import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type Fixture, makeFixture, writeSecret } from "../test-support/fixture.js";
import { main } from "./main.js";

async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(argv, { write: (t: string) => (out += t) }, { write: (t: string) => (err += t) });
  return { code, out, err };
}

const url = (path: string): string => JSON.stringify(pathToFileURL(join(import.meta.dirname, path)).href);

/**
 * Writes a cluster entry into the fixture: an app whose Secret "app-credentials" holds `keys` and
 * copies the database user's password as `source` (a TypeScript expression) says.
 */
async function writeCopyEntry(fx: Fixture, keys: readonly string[], source: string): Promise<string> {
  const entry = join(fx.dir, "cluster.ts");
  await writeFile(
    entry,
    `import { defineCluster } from ${url("../model/cluster.ts")};
import { secretRef, secretSource } from ${url("../model/secret-ref.ts")};
import { appComponent, appsPackage } from ${url("../test-support/fixture.ts")};
const source = ${source};
const db = { packageName: "@test/db", build: () => [{ name: "db", components: [{ name: "db", namespace: "db", objects: [], secrets: [secretRef("db-user", ["password"])] }] }] };
const app = appComponent({ secrets: [secretRef("app-credentials", ${JSON.stringify(keys)}, { source })] });
export default defineCluster({ name: "test", settings: ${JSON.stringify(fx.settings)}, namespaces: [appsPackage([app]), db] });
`,
  );
  return entry;
}

/** Makes `key` (or none) the only age key this process finds: no key file, no config folder of the user's. */
function useAgeKey(fx: Fixture, key: string | undefined): void {
  process.env.XDG_CONFIG_HOME = fx.dir;
  delete process.env.SOPS_AGE_KEY_FILE;
  if (key === undefined) delete process.env.SOPS_AGE_KEY;
  else process.env.SOPS_AGE_KEY = key;
}

describe("one source per credential", () => {
  let fx: Fixture;
  let entry: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    // Given an app whose password copies the database user's, each in its own SOPS file
    fx = await makeFixture();
    entry = await writeCopyEntry(
      fx,
      ["password"],
      '{ namespace: "db", name: "db-user", keys: { password: "password" } }',
    );
    await writeFile(
      join(fx.dir, ".sops.yaml"),
      `creation_rules:\n  - path_regex: secrets/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${fx.settings.sopsAgeRecipients[0]}\n`,
    );
    useAgeKey(fx, undefined);
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it("given equal copies, when rendered with and without the key, then the summary says whether they were compared", async () => {
    await writeSecret(fx.dir, "db", "db-user", { password: "s3cret" }, fx.settings.sopsAgeRecipients);
    const without = await cli(["validate", entry]);
    expect(without).toMatchObject({ code: 0, err: "" });
    expect(without.out).toMatch(/; 1 copied secret key not compared with their source \(no age key\)\n$/);
    process.env.SOPS_AGE_KEY = fx.identity;
    const withKey = await cli(["validate", entry]);
    expect(withKey).toMatchObject({ code: 0, err: "" });
    expect(withKey.out).toMatch(/; 1 copied secret key equal to their source\n$/);
  });

  it("given copies that differ, when validated or checked with the key, then both files and keys are named", async () => {
    await writeSecret(fx.dir, "db", "db-user", { password: "other" }, fx.settings.sopsAgeRecipients);
    const unchecked = await cli(["secrets", "check", fx.dir]);
    expect(unchecked.code).toBe(0);
    expect(unchecked.out).toMatch(/1 copied secret key not compared with their source \(no age key\)\n$/);
    process.env.SOPS_AGE_KEY = fx.identity;
    const validated = await cli(["validate", entry]);
    expect(validated.code).toBe(1);
    expect(validated.err).toContain(
      'test › @test/apps › app › Secret/apps/app-credentials: secrets/apps/app-credentials.sops.yaml key "password" differs from secrets/db/db-user.sops.yaml key "password", its source',
    );
    const checked = await cli(["secrets", "check", fx.dir]);
    expect(checked.code).toBe(1);
    expect(checked.err).toContain(
      `${join(fx.dir, "secrets/apps/app-credentials.sops.yaml")}: secrets/apps/app-credentials.sops.yaml key "password" differs from secrets/db/db-user.sops.yaml key "password"`,
    );
    expect(checked.err).not.toContain("s3cret");
  });

  it("given no source file, when validated, then the copy names the file to create", async () => {
    const { code, err } = await cli(["validate", entry]);
    expect(code).toBe(1);
    expect(err).toContain(
      "copies keys of Secret db/db-user, but secrets/db/db-user.sops.yaml does not exist",
    );
  });
});

describe("one source per credential, inside a URL", () => {
  let fx: Fixture;
  let entry: string;
  const saved = { ...process.env };
  beforeEach(async () => {
    // Given an app whose database URL holds the database user's password, each in its own SOPS file
    fx = await makeFixture();
    entry = await writeCopyEntry(
      fx,
      ["password", "database-url"],
      'secretSource({ namespace: "db", name: "db-user", key: "password" }, "database-url", "url-password")',
    );
    useAgeKey(fx, fx.identity);
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  const writeBoth = async (databaseUrl: string, password: string): Promise<void> => {
    const recipients = fx.settings.sopsAgeRecipients;
    await writeSecret(
      fx.dir,
      "apps",
      "app-credentials",
      { password: "s3cret", "database-url": databaseUrl },
      recipients,
    );
    await writeSecret(fx.dir, "db", "db-user", { password }, recipients);
  };

  it("given a URL whose percent-encoded password is the source's, when validated, then the copy is equal", async () => {
    await writeBoth("postgres://app:p%40ss@db.db.svc:5432/app", "p@ss");
    const { code, out, err } = await cli(["validate", entry]);
    expect({ code, err }).toEqual({ code: 0, err: "" });
    expect(out).toMatch(/; 1 copied secret key equal to their source\n$/);
  });

  it("given a URL with another password, or no URL at all, when validated, then the key and both files are named", async () => {
    await writeBoth("postgres://app:stale@db.db.svc:5432/app", "p@ss");
    const stale = await cli(["validate", entry]);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain(
      'secrets/apps/app-credentials.sops.yaml key "database-url" holds a URL whose password differs from secrets/db/db-user.sops.yaml key "password", its source',
    );
    expect(stale.err).not.toContain("stale");
    await writeBoth("not-a-url", "p@ss");
    const plain = await cli(["validate", entry]);
    expect(plain.code).toBe(1);
    expect(plain.err).toContain(
      'secrets/apps/app-credentials.sops.yaml key "database-url" is not a URL with a password, which its source declares it holds',
    );
  });
});
