import { beforeAll, describe, expect, it } from "vitest";
import type { AgeKeyPair } from "./age-keys.js";
import { decryptSopsYaml, encryptSopsYaml, SopsError } from "./index.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";

let alice: AgeKeyPair;
let encrypted: string;

beforeAll(async () => {
  [alice] = (await keyPairs(1)) as [AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient], now: NOW });
});

/** Returns the ENC string on the line `  <key>: ENC[...]`. */
function encOf(text: string, key: string): string {
  const match = new RegExp(`^ +${key.replace(".", "\\.")}: (ENC\\[.*\\])$`, "m").exec(text);
  if (!match?.[1]) throw new Error(`no ENC value for ${key}`);
  return match[1];
}

/** Flips one base64 character inside the data part of an ENC string. */
function flipData(enc: string): string {
  return enc.replace(/data:(.)/, (_, first: string) => `data:${first === "A" ? "B" : "A"}`);
}

const tampered: ReadonlyArray<readonly [string, (text: string) => string]> = [
  [
    "one ENC value's ciphertext",
    (text) => text.replace(encOf(text, "password"), flipData(encOf(text, "password"))),
  ],
  ["the mac", (text) => text.replace(encOf(text, "mac"), flipData(encOf(text, "mac")))],
  [
    "two ENC values swapped between keys",
    (text) => {
      const [user, pin] = [encOf(text, "username"), encOf(text, "pin")];
      return text.replace(user, "@@").replace(pin, user).replace("@@", pin);
    },
  ],
  ["a plaintext metadata value", (text) => text.replace("name: app-credentials", "name: app-credential5")],
  ["a removed encrypted entry", (text) => text.replace(/^ {2}username: .*\n/m, "")],
  [
    "lastmodified",
    (text) => text.replace('lastmodified: "2025-06-01T12:00:00Z"', 'lastmodified: "2025-06-01T12:00:01Z"'),
  ],
  ["an ENC value replaced by plaintext", (text) => text.replace(encOf(text, "password"), "hunter2")],
];

describe("tamper detection", () => {
  it("the untouched file decrypts", async () => {
    await expect(decryptSopsYaml(encrypted, [alice.identity])).resolves.toBe(SECRET_YAML);
  });

  it.each(tampered)("changing %s makes decryptSopsYaml throw SopsError", async (_what, edit) => {
    const changed = edit(encrypted);
    expect(changed).not.toBe(encrypted);
    await expect(decryptSopsYaml(changed, [alice.identity])).rejects.toBeInstanceOf(SopsError);
  });

  it("reports a changed plaintext value as a MAC mismatch", async () => {
    const changed = encrypted.replace("namespace: apps", "namespace: prod");
    await expect(decryptSopsYaml(changed, [alice.identity])).rejects.toThrow(/MAC mismatch/);
  });
});
