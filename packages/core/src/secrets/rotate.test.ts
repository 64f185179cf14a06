import { decryptSops } from "sops-age";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AgeKeyPair } from "./age-keys.js";
import { decryptSopsYaml, encryptSopsYaml, inspectSopsYaml, rotateSopsYaml, SopsError } from "./index.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";

let oldKey: AgeKeyPair;
let newKey: AgeKeyPair;
let original: string;
let rotated: string;
const LATER = new Date("2025-07-01T08:30:00Z");

/** The file with the sops block and every ENC value masked: what rotation must leave alone. */
const clearParts = (text: string): string =>
  text.slice(0, text.indexOf("\nsops:\n")).replace(/ENC\[[^\]]*\]/g, "ENC");

beforeAll(async () => {
  [oldKey, newKey] = (await keyPairs(2)) as [AgeKeyPair, AgeKeyPair];
  original = await encryptSopsYaml(SECRET_YAML, { recipients: [oldKey.recipient], now: NOW });
  rotated = await rotateSopsYaml(original, [oldKey.identity], [newKey.recipient], { now: LATER });
});

describe("rotateSopsYaml", () => {
  it("the new identity decrypts to identical plaintext", async () => {
    expect(await decryptSopsYaml(rotated, [newKey.identity])).toBe(
      await decryptSopsYaml(original, [oldKey.identity]),
    );
    expect(await decryptSops(rotated, { secretKey: newKey.identity, fileType: "yaml" })).toEqual(
      parse(SECRET_YAML),
    );
  });

  it("the old identity no longer decrypts", async () => {
    await expect(decryptSopsYaml(rotated, [oldKey.identity])).rejects.toBeInstanceOf(SopsError);
  });

  it("re-encrypts every value under a fresh data key", () => {
    const values = (text: string) => [...text.matchAll(/ENC\[[^\]]*\]/g)].map((match) => match[0]);
    const before = new Set(values(original));
    expect(values(rotated).length).toBe(before.size);
    for (const value of values(rotated)) expect(before.has(value)).toBe(false);
  });

  it("leaves apiVersion, metadata and key order untouched and records the new recipients", () => {
    expect(clearParts(rotated)).toBe(clearParts(original));
    const doc = parse(rotated);
    expect(doc.apiVersion).toBe("v1");
    expect(doc.metadata).toEqual(parse(SECRET_YAML).metadata);
    expect(doc.sops.lastmodified).toBe("2025-07-01T08:30:00Z");
    expect(inspectSopsYaml(rotated)).toMatchObject({
      isSops: true,
      recipients: [newKey.recipient],
      problems: [],
    });
  });

  it("keeps the file's encrypted_regex", async () => {
    const custom = await encryptSopsYaml("spec:\n  password: x\n  user: y\n", {
      recipients: [oldKey.recipient],
      encryptedRegex: "^password$",
    });
    const out = await rotateSopsYaml(custom, [oldKey.identity], [oldKey.recipient, newKey.recipient]);
    expect(parse(out).sops.encrypted_regex).toBe("^password$");
    expect(parse(out).spec.user).toBe("y");
    expect(await decryptSopsYaml(out, [newKey.identity])).toBe("spec:\n  password: x\n  user: y\n");
  });

  it("refuses to rotate a file it cannot decrypt", async () => {
    await expect(rotateSopsYaml(rotated, [oldKey.identity], [oldKey.recipient])).rejects.toBeInstanceOf(
      SopsError,
    );
  });
});
