import { beforeAll, describe, expect, it } from "vitest";
import { isMap, parse, parseDocument } from "yaml";
import type { AgeKeyPair } from "./age-keys.js";
import { decryptSopsYaml, encryptSopsYaml, SopsError } from "./index.js";
import { keyPairs, NOW, NOW_STAMP, SECRET_STRINGS, SECRET_YAML } from "./test-support/fixtures.js";

let alice: AgeKeyPair;
let bob: AgeKeyPair;
let encrypted: string;

beforeAll(async () => {
  [alice, bob] = (await keyPairs(2)) as [AgeKeyPair, AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient, bob.recipient], now: NOW });
});

describe("encryptSopsYaml", () => {
  it("decrypts back to the exact plaintext, for every recipient", async () => {
    expect(await decryptSopsYaml(encrypted, [alice.identity])).toBe(SECRET_YAML);
    expect(await decryptSopsYaml(encrypted, [bob.identity])).toBe(SECRET_YAML);
  });

  it("encrypts only data/stringData, with the sops type of each value", () => {
    const doc = parse(encrypted);
    expect(doc.apiVersion).toBe("v1");
    expect(doc.kind).toBe("Secret");
    expect(doc.type).toBe("Opaque");
    expect(doc.metadata).toEqual(parse(SECRET_YAML).metadata);
    const types = Object.fromEntries(
      Object.entries(doc.stringData).map(([key, value]) => [
        key,
        typeof value === "string" ? value.match(/type:(\w+)\]$/)?.[1] : undefined,
      ]),
    );
    expect(types).toEqual({
      username: "str",
      password: "str",
      port: "int",
      ratio: "float",
      weight: "float",
      enabled: "bool",
      pin: "str",
      empty: undefined, // sops leaves empty strings empty
      hosts: undefined, // a list: each item is encrypted instead
      "config.yaml": "str",
    });
    expect(doc.stringData.empty).toBe("");
    expect(doc.stringData.hosts).toEqual([
      expect.stringMatching(/^ENC\[AES256_GCM,.*type:str\]$/),
      expect.any(String),
    ]);
    expect(doc.data["tls.key"]).toMatch(/^ENC\[AES256_GCM,data:[^,]+,iv:[^,]+,tag:[^,]+,type:str\]$/);
    for (const secret of SECRET_STRINGS) expect(encrypted).not.toContain(secret);
  });

  it("uses a 32-byte IV and 16-byte tag per value, fresh for each value", () => {
    const values = [...encrypted.matchAll(/iv:([^,]+),tag:([^,]+),/g)];
    expect(values.length).toBeGreaterThan(10);
    for (const [, iv = "", tag = ""] of values) {
      expect(Buffer.from(iv, "base64")).toHaveLength(32);
      expect(Buffer.from(tag, "base64")).toHaveLength(16);
    }
    expect(new Set(values.map((match) => match[1])).size).toBe(values.length);
  });

  it("appends a sops block in sops's key order, with a whole-second UTC timestamp", () => {
    const doc = parseDocument(encrypted);
    const root = doc.contents;
    if (!isMap(root)) throw new Error("expected a mapping");
    const keys = root.items.map((pair) => String(pair.key));
    expect(keys.at(-1)).toBe("sops");
    const sops = doc.toJS().sops;
    expect(Object.keys(sops)).toEqual(["age", "lastmodified", "mac", "encrypted_regex", "version"]);
    expect(sops.lastmodified).toBe(NOW_STAMP);
    expect(sops.encrypted_regex).toBe("^(data|stringData)$");
    expect(sops.version).toBe("3.10.2");
    expect(sops.age.map((entry: { recipient: string }) => entry.recipient)).toEqual([
      alice.recipient,
      bob.recipient,
    ]);
    expect(sops.age[0].enc).toMatch(
      /^-----BEGIN AGE ENCRYPTED FILE-----\n[\s\S]+\n-----END AGE ENCRYPTED FILE-----\n$/,
    );
    expect(encrypted).toContain(`  lastmodified: "${NOW_STAMP}"\n`);
    expect(encrypted).toContain("      enc: |\n        -----BEGIN AGE ENCRYPTED FILE-----\n");
  });

  it("keeps comments outside encrypted subtrees and drops those inside", async () => {
    const plain = "# top\nkind: Secret # kind\nstringData:\n  # about the token\n  token: abc # the token\n";
    const out = await encryptSopsYaml(plain, { recipients: [alice.recipient], now: NOW });
    expect(out).toMatch(/^# top\nkind: Secret # kind\n/);
    expect(out).not.toContain("token #");
    expect(out).not.toContain("about the token");
  });

  it("honours a custom encryptedRegex", async () => {
    const plain = "apiVersion: v1\nspec:\n  password: hunter2\n  user: admin\n";
    const out = await encryptSopsYaml(plain, { recipients: [alice.recipient], encryptedRegex: "^password$" });
    const doc = parse(out);
    expect(doc.spec.user).toBe("admin");
    expect(doc.spec.password).toMatch(/^ENC\[/);
    expect(doc.sops.encrypted_regex).toBe("^password$");
    expect(await decryptSopsYaml(out, [alice.identity])).toBe(plain);
  });

  it("keeps an integral float a float across a round trip", async () => {
    const plain = "stringData:\n  weight: 2.0\n  count: 2\n";
    const out = await encryptSopsYaml(plain, { recipients: [alice.recipient] });
    expect(out).toMatch(/weight: ENC\[.*type:float\]/);
    expect(out).toMatch(/count: ENC\[.*type:int\]/);
    expect(await decryptSopsYaml(out, [alice.identity])).toBe(plain);
  });

  it.each([
    ["no recipients", SECRET_YAML, []],
    ["a malformed recipient", SECRET_YAML, ["age1notakey"]],
    ["an already encrypted file", "kind: Secret\nsops:\n  version: 3.10.2\n", ["@alice"]],
    ["a multi-document file", "kind: A\n---\nkind: B\n", ["@alice"]],
    ["a top-level list", "- a\n- b\n", ["@alice"]],
    ["an alias", "base: &b x\nstringData:\n  token: *b\n", ["@alice"]],
    ["a plain scalar Go reads as octal", "stringData:\n  mode: 0644\n", ["@alice"]],
  ])("rejects %s with SopsError", async (_name, plain, recipients) => {
    const resolved = recipients.map((recipient) => (recipient === "@alice" ? alice.recipient : recipient));
    await expect(encryptSopsYaml(plain, { recipients: resolved })).rejects.toBeInstanceOf(SopsError);
  });
});

describe("decryptSopsYaml", () => {
  it("fails with SopsError for an identity that is not a recipient", async () => {
    const [stranger] = (await keyPairs(1)) as [AgeKeyPair];
    await expect(decryptSopsYaml(encrypted, [stranger.identity])).rejects.toThrow(SopsError);
  });

  it("accepts several identities and uses the one that matches", async () => {
    const [stranger] = (await keyPairs(1)) as [AgeKeyPair];
    expect(await decryptSopsYaml(encrypted, [stranger.identity, bob.identity])).toBe(SECRET_YAML);
  });

  it("fails with SopsError for a file without sops metadata", async () => {
    await expect(decryptSopsYaml(SECRET_YAML, [alice.identity])).rejects.toMatchObject({
      message: "not SOPS-encrypted (no sops metadata)",
      reason: "not-sops",
    });
  });

  it("tells text that is not YAML apart from a plaintext file, naming the line", async () => {
    await expect(
      decryptSopsYaml("kind: Secret\nstringData: [unclosed\n", [alice.identity]),
    ).rejects.toMatchObject({ message: expect.stringMatching(/^not valid YAML \(line 3: /), reason: "yaml" });
  });

  it("reports a changed value as tampering", async () => {
    const changed = encrypted.replace("namespace: apps", "namespace: prod");
    await expect(decryptSopsYaml(changed, [alice.identity])).rejects.toMatchObject({ reason: "tampered" });
  });

  it("reports an identity that is not a recipient as a key problem", async () => {
    const [stranger] = (await keyPairs(1)) as [AgeKeyPair];
    await expect(decryptSopsYaml(encrypted, [stranger.identity])).rejects.toMatchObject({ reason: "key" });
  });
});
