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

  it("tells a file that is not valid YAML from a plaintext one, and a sound file from both", async () => {
    const key = await generateAgeKeyPair();
    await writeRule(key.recipient);
    const other = join(dir, "clusters/c1/secrets/apps/other.sops.yaml");
    await writeFile(other, plain.replace("db", "other"));
    await run("encrypt", file, other);
    const broken = join(dir, "clusters/c1/secrets/apps/broken.sops.yaml");
    const encrypted = await readFile(file, "utf8");
    await writeFile(broken, encrypted.replace(/^ {2}mac: /m, "   mac: "));
    await writeFile(other, plain);
    const result = await run("check", dir);
    expect(result.code).toBe(1);
    expect(result.err.split("\n")).toEqual([
      expect.stringMatching(
        /^.*\/broken\.sops\.yaml: not valid YAML \(line \d+: .+\): fix it, or restore it from git$/,
      ),
      `${other}: not SOPS-encrypted (no sops metadata): encrypt it with "helix-cluster secrets encrypt ${other}"; never commit a plain Secret`,
      "",
    ]);
    expect(result.out).toBe("checked 3 secret files: 2 with problems; MACs not verified (no age key)\n");
    expect(await readFile(file, "utf8")).toBe(encrypted);
  });

  it("names a broken .sops.yaml and its line, and writes nothing", async () => {
    await writeFile(join(dir, ".sops.yaml"), "creation_rules:\n  - path_regex: [oops\n");
    const result = await run("encrypt", file);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      new RegExp(
        `^${file}: ${join(dir, ".sops.yaml")}: not valid YAML \\(line \\d+: .+\\): fix this file\n$`,
      ),
    );
    expect(await readFile(file, "utf8")).toBe(plain);
  });

  it("encrypts every file it can and names each one it cannot", async () => {
    const key = await generateAgeKeyPair();
    await writeRule(key.recipient);
    const stray = join(dir, "elsewhere.sops.yaml");
    await writeFile(stray, plain);
    const result = await run("encrypt", stray, file);
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `${stray}: no creation rule of ${dir}/.sops.yaml matches this path: add one for it\n`,
    );
    expect(result.out).toBe(`encrypted ${file} for 1 recipient(s)\n`);
    expect(await readFile(stray, "utf8")).toBe(plain);
  });

  it("says where the age key should be: a SOPS_AGE_KEY_FILE that does not exist, or none at all", async () => {
    const key = await generateAgeKeyPair();
    await writeRule(key.recipient);
    await run("encrypt", file);
    process.env.SOPS_AGE_KEY_FILE = join(dir, "keys", "missing.txt");
    expect(await run("decrypt", file)).toEqual({
      code: 1,
      out: "",
      err: `SOPS_AGE_KEY_FILE points to ${join(dir, "keys", "missing.txt")}, which does not exist: correct the path or unset SOPS_AGE_KEY_FILE\n`,
    });
    delete process.env.SOPS_AGE_KEY_FILE;
    const none = await run("decrypt", file);
    expect(none.code).toBe(1);
    expect(none.err).toContain("set SOPS_AGE_KEY_FILE to the path of your age key file, set SOPS_AGE_KEY");
    expect(none.err).toContain(join(dir, "sops", "age", "keys.txt"));
  });

  it("locates a tampered file on decrypt and says what to do; check counts files no key of ours opens", async () => {
    const key = await generateAgeKeyPair();
    const stranger = await generateAgeKeyPair();
    await writeRule(key.recipient);
    await run("encrypt", file);
    process.env.SOPS_AGE_KEY = stranger.identity;
    expect(await run("check", dir)).toMatchObject({
      code: 0,
      out: "checked 1 secret file: 0 with problems; MACs not verified (no age key of their recipients)\n",
    });
    process.env.SOPS_AGE_KEY = key.identity;
    const encrypted = await readFile(file, "utf8");
    await writeFile(file, encrypted.replace("namespace: apps", "namespace: prod"));
    expect(await run("decrypt", file)).toEqual({
      code: 1,
      out: "",
      err: `${file}: MAC mismatch: the file was modified after it was encrypted: restore it from git (git checkout -- ${file}), or write the Secret again and encrypt it\n`,
    });
  });

  it("takes one file to decrypt or edit", async () => {
    const result = await run("decrypt", file, file);
    expect(result.code).toBe(2);
    expect(result.err).toContain("secrets decrypt takes one file");
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
