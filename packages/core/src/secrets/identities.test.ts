import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AgeKeyPair } from "./age-keys.js";
import { defaultAgeKeyFile, loadAgeIdentities, requireAgeIdentities } from "./identities.js";
import { keyPairs } from "./test-support/fixtures.js";

let alice: AgeKeyPair;
let bob: AgeKeyPair;

beforeAll(async () => {
  [alice, bob] = (await keyPairs(2)) as [AgeKeyPair, AgeKeyPair];
});

describe("age identities", () => {
  let dir: string;
  // Only what the test sets: never the developer's own keys.
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "helix-identities-"));
    env = { XDG_CONFIG_HOME: dir };
  });

  it("reads SOPS_AGE_KEY, SOPS_AGE_KEY_FILE and the default key file, skipping comments and repeats", async () => {
    const keyFile = join(dir, "key.txt");
    await writeFile(keyFile, `# created: 2026-01-01\n# public key: ${bob.recipient}\n${bob.identity}\n`);
    await writeFile(join(dir, "sops-keys.txt"), "");
    env.SOPS_AGE_KEY = alice.identity;
    env.SOPS_AGE_KEY_FILE = keyFile;
    expect(await loadAgeIdentities(env)).toEqual([alice.identity, bob.identity]);
  });

  it("finds the default key file under XDG_CONFIG_HOME", async () => {
    expect(defaultAgeKeyFile(env)).toBe(join(dir, "sops", "age", "keys.txt"));
    await mkdir(join(dir, "sops", "age"), { recursive: true });
    await writeFile(defaultAgeKeyFile(env), `${alice.identity}\n`);
    expect(await loadAgeIdentities(env)).toEqual([alice.identity]);
  });

  it("returns no identity when none is configured, and requireAgeIdentities names the three ways to provide one", async () => {
    expect(await loadAgeIdentities(env)).toEqual([]);
    await expect(requireAgeIdentities(env)).rejects.toThrow(
      `no age identity found: set SOPS_AGE_KEY_FILE to the path of your age key file, set SOPS_AGE_KEY to the key itself (AGE-SECRET-KEY-1…), or put the key in ${join(dir, "sops", "age", "keys.txt")}`,
    );
  });

  it("says a SOPS_AGE_KEY_FILE that does not exist does not exist, instead of asking to set it", async () => {
    env.SOPS_AGE_KEY_FILE = join(dir, "missing.txt");
    env.SOPS_AGE_KEY = alice.identity; // another source does not hide the broken one
    await expect(loadAgeIdentities(env)).rejects.toThrow(
      `SOPS_AGE_KEY_FILE points to ${join(dir, "missing.txt")}, which does not exist: correct the path or unset SOPS_AGE_KEY_FILE`,
    );
  });

  it("names a key source that holds no identity, or a malformed one with its line", async () => {
    const empty = join(dir, "empty.txt");
    await writeFile(empty, "# nothing here\n");
    await expect(loadAgeIdentities({ ...env, SOPS_AGE_KEY_FILE: empty })).rejects.toThrow(
      `SOPS_AGE_KEY_FILE ${empty} holds no age identity`,
    );
    await expect(
      loadAgeIdentities({ ...env, SOPS_AGE_KEY: `# key\n${alice.identity.slice(0, -3)}\n` }),
    ).rejects.toThrow("SOPS_AGE_KEY, line 2: not a valid age identity");
  });
});
