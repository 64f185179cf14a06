import { decryptSops } from "sops-age";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AgeKeyPair } from "./age-keys.js";
import { encryptSopsYaml } from "./index.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";

// Our output read by sops-age, a JS sops reader that shares no code with this module. The age CLI
// and raw node:crypto check it too, in compat-age-cli.interop.test.ts (`npm run test:interop`).

let alice: AgeKeyPair;
let encrypted: string;

beforeAll(async () => {
  [alice] = (await keyPairs(1)) as [AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient], now: NOW });
});

describe("compatibility with independent implementations", () => {
  it("sops-age decrypts our file to the original values", async () => {
    const decrypted = await decryptSops(encrypted, { secretKey: alice.identity, fileType: "yaml" });
    expect(decrypted).toEqual(parse(SECRET_YAML));
  });
});
