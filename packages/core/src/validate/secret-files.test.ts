import { readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { PlacedSecret } from "../render/assemble.js";
import { generateAgeKeyPair } from "../secrets/age-keys.js";
import { type Fixture, makeFixture } from "../test-support/fixture.js";
import { checkSecretFiles } from "./secret-files.js";

const PATH = "secrets/apps/app-credentials.sops.yaml";

/** The Secret the fixture's component declares. */
function placed(component = "app"): PlacedSecret {
  return {
    packageName: "@test/apps",
    component,
    namespace: "apps",
    ref: { name: "app-credentials", keys: ["password"] },
    sourcePath: PATH,
    folder: `apps/${component}`,
    fileName: "secret-app-credentials.sops.yaml",
  };
}

describe("checkSecretFiles", () => {
  let fx: Fixture;
  let file: string;
  let original: string;
  // Only what the test sets: never the developer's own keys.
  let noKey: NodeJS.ProcessEnv;
  let withKey: NodeJS.ProcessEnv;
  beforeEach(async () => {
    fx = await makeFixture();
    file = join(fx.dir, PATH);
    original = await readFile(file, "utf8");
    noKey = { XDG_CONFIG_HOME: fx.dir };
    withKey = { ...noKey, SOPS_AGE_KEY: fx.identity };
  });
  const check = (env: NodeJS.ProcessEnv, secrets = [placed()]) =>
    checkSecretFiles(fx.dir, secrets, fx.settings.sopsAgeRecipients, { env });

  it("verifies the MAC of a sound file when the key is at hand", async () => {
    const result = await check(withKey);
    expect(result.problems).toEqual([]);
    expect(result.macs).toEqual({ verified: 1, unverified: 0 });
    expect(result.contents.get(PATH)).toBe(original);
  });

  it("verifies a file two components share once", async () => {
    const result = await check(withKey, [placed("app"), placed("worker")]);
    expect(result.macs).toEqual({ verified: 1, unverified: 0 });
  });

  it("counts the file as not verified without a key, or with a key that is not one of its recipients", async () => {
    expect((await check(noKey)).macs).toEqual({ verified: 0, unverified: 1 });
    const stranger = await generateAgeKeyPair();
    const result = await check({ ...noKey, SOPS_AGE_KEY: stranger.identity });
    expect(result.problems).toEqual([]);
    expect(result.macs).toEqual({ verified: 0, unverified: 1 });
  });

  it.each([
    ["a changed plaintext field", (t: string) => t.replace("type: Opaque", "type: kubernetes.io/tls")],
    [
      "a flipped ciphertext byte",
      (t: string) => t.replace(/data:(.)/, (_m, c: string) => `data:${c === "A" ? "B" : "A"}`),
    ],
    ["an edited timestamp", (t: string) => t.replace(/lastmodified: "(\d{4})/, 'lastmodified: "1999')],
  ])("reports %s as tampering, located, with what to do, when the key is at hand", async (_what, edit) => {
    const tampered = edit(original);
    expect(tampered).not.toBe(original);
    await writeFile(file, tampered);
    const result = await check(withKey);
    expect(result.problems).toEqual([
      {
        secret: placed(),
        message: expect.stringMatching(
          new RegExp(`^${PATH}: .*(MAC mismatch|could not authenticate).*: restore it from git`),
        ),
      },
    ]);
    expect(result.macs).toEqual({ verified: 0, unverified: 0 });
    expect(await readFile(file, "utf8")).toBe(tampered);
  });

  it("tells a file that is not valid YAML from one that is not encrypted", async () => {
    await writeFile(file, original.replace(/^ {2}mac: /m, "   mac: "));
    expect((await check(noKey)).problems.map((p) => p.message)).toEqual([
      expect.stringMatching(
        new RegExp(`^${PATH}: not valid YAML \\(line \\d+: .+\\): fix it, or restore it from git$`),
      ),
    ]);
    await writeFile(
      file,
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: apps\nstringData:\n  password: plain\n",
    );
    expect((await check(noKey)).problems.map((p) => p.message)).toEqual([
      `${PATH} is not SOPS-encrypted (no sops metadata): encrypt it with "helix-cluster secrets encrypt ${PATH}"; never commit a plain Secret`,
    ]);
  });

  it("reports a SOPS_AGE_KEY_FILE that does not exist instead of skipping the MACs quietly", async () => {
    const missing = join(fx.dir, "no-such-key.txt");
    const result = await check({ ...noKey, SOPS_AGE_KEY_FILE: missing });
    expect(result.keyProblem).toBe(
      `SOPS_AGE_KEY_FILE points to ${missing}, which does not exist: correct the path or unset SOPS_AGE_KEY_FILE`,
    );
  });
});
