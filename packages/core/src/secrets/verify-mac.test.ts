import { beforeAll, describe, expect, it } from "vitest";
import type { AgeKeyPair } from "./age-keys.js";
import { encryptSopsYaml } from "./encrypt.js";
import { inspectSopsYaml } from "./inspect.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";
import { keyringOf, verifyMac } from "./verify-mac.js";

let alice: AgeKeyPair;
let stranger: AgeKeyPair;
let encrypted: string;
let recipients: readonly string[];

beforeAll(async () => {
  [alice, stranger] = (await keyPairs(2)) as [AgeKeyPair, AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient], now: NOW });
  recipients = inspectSopsYaml(encrypted).recipients;
});

describe("verifyMac", () => {
  it("verifies a file with the identity of one of its recipients, whatever other keys are at hand", async () => {
    const keyring = await keyringOf([stranger.identity, alice.identity]);
    expect(keyring.identities.get(alice.recipient)).toBe(alice.identity);
    expect(await verifyMac(encrypted, recipients, keyring)).toBe("verified");
  });

  it("says no-key when no identity at hand belongs to its recipients", async () => {
    expect(await verifyMac(encrypted, recipients, await keyringOf([stranger.identity]))).toBe("no-key");
  });

  it("throws a tampering SopsError for a changed value", async () => {
    const changed = encrypted.replace("name: app-credentials", "name: app-credential5");
    await expect(verifyMac(changed, recipients, await keyringOf([alice.identity]))).rejects.toMatchObject({
      name: "SopsError",
      reason: "tampered",
    });
  });
});
