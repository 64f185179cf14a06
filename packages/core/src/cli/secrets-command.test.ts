import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { generateAgeKeyPair } from "../secrets/age-keys.js";
import { secretsCommand } from "./secrets-command.js";

function sink(): Writable & { text: string } {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  s.text = "";
  return s;
}

const plain =
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\nstringData:\n  password: correct-horse\n";

describe("helix-cluster secrets", () => {
  let dir: string;
  let file: string;
  const saved = { ...process.env };
  const run = async (...args: string[]) => {
    const out = sink();
    const err = sink();
    const code = await secretsCommand(args, { out, err });
    return { code, out: out.text, err: err.text };
  };
  const writeRule = (recipient: string) =>
    writeFile(
      join(dir, ".sops.yaml"),
      `creation_rules:\n  - path_regex: ^clusters/c1/secrets/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${recipient}\n`,
    );

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "helix-secrets-"));
    await mkdir(join(dir, "clusters/c1/secrets/apps"), { recursive: true });
    file = join(dir, "clusters/c1/secrets/apps/db.sops.yaml");
    await writeFile(file, plain);
    process.env.XDG_CONFIG_HOME = dir; // never read the developer's own keys
    delete process.env.SOPS_AGE_KEY_FILE;
  });
  afterEach(() => {
    process.env = { ...saved };
  });

  it("encrypts for the .sops.yaml rule, decrypts, and checks clean", async () => {
    const key = await generateAgeKeyPair();
    await writeRule(key.recipient);
    expect((await run("check", dir)).code).toBe(1); // plaintext is refused
    expect((await run("encrypt", file)).code).toBe(0);
    const encrypted = await readFile(file, "utf8");
    expect(encrypted).not.toContain("correct-horse");
    expect(encrypted).toContain(`recipient: ${key.recipient}`);
    process.env.SOPS_AGE_KEY = key.identity;
    expect(await run("decrypt", file)).toEqual({ code: 0, out: plain, err: "" });
    expect(await run("check", dir)).toMatchObject({
      code: 0,
      out: "checked 1 secret file: 0 with problems; MACs verified\n",
    });
  });

  it("fails check on a tampered value and on a recipient that is not the cluster's", async () => {
    const key = await generateAgeKeyPair();
    const stranger = await generateAgeKeyPair();
    await writeRule(key.recipient);
    await run("encrypt", file);
    process.env.SOPS_AGE_KEY = key.identity;
    const encrypted = await readFile(file, "utf8");
    await writeFile(
      file,
      encrypted.replace(/data:([A-Za-z0-9+/])/, (_m, c: string) => `data:${c === "A" ? "B" : "A"}`),
    );
    const tampered = await run("check", dir);
    expect(tampered.code).toBe(1);
    expect(tampered.err).toMatch(/db\.sops\.yaml: .*(MAC|authenticat|decrypt)/i);
    await writeFile(file, encrypted);
    await writeRule(stranger.recipient);
    const wrong = await run("check", dir);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain("but its rule names");
  });

  it("rotates every file to the new recipients without losing a value", async () => {
    const oldKey = await generateAgeKeyPair();
    const newKey = await generateAgeKeyPair();
    await writeRule(oldKey.recipient);
    await run("encrypt", file);
    await writeRule(newKey.recipient);
    process.env.SOPS_AGE_KEY = oldKey.identity;
    expect((await run("rotate", file)).code).toBe(0);
    expect(await run("decrypt", file)).toMatchObject({
      code: 1,
      err: expect.stringContaining("none of the given age identities"),
    });
    process.env.SOPS_AGE_KEY = newKey.identity;
    expect(await run("decrypt", file)).toEqual({ code: 0, out: plain, err: "" });
  }, 30_000);
});
