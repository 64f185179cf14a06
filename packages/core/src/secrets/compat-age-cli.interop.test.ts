import { execFileSync } from "node:child_process";
import { createDecipheriv, createHash } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AgeKeyPair } from "./age-keys.js";
import { encryptSopsYaml } from "./index.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";

// These tests check our output with tools that share no code with this module: the age CLI plus raw
// node:crypto (interop suite: the age CLI is not installable with npm; `npm run test:interop`).

let alice: AgeKeyPair;
let encrypted: string;
let workDir: string;

beforeAll(async () => {
  [alice] = (await keyPairs(1)) as [AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient], now: NOW });
  workDir = mkdtempSync(join(tmpdir(), "helix-sops-"));
});

afterAll(() => rmSync(workDir, { recursive: true, force: true }));

/** Runs `age -d -i <keyfile>` on the first `sops.age[].enc` and returns the raw data key. */
function dataKeyViaAgeCli(file: string, identity: string): Buffer {
  const keyFile = join(workDir, "identity.txt");
  writeFileSync(keyFile, `${identity}\n`, { mode: 0o600 });
  return execFileSync("age", ["-d", "-i", keyFile], { input: parse(file).sops.age[0].enc });
}

/** Independent AES-256-GCM decryption of one ENC[...] string. */
function openEnc(enc: string, key: Buffer, aad: string): { text: string; type: string } {
  const match = /^ENC\[AES256_GCM,data:(.*),iv:(.*),tag:(.*),type:(.*)\]$/.exec(enc);
  if (!match) throw new Error(`not an ENC value: ${enc}`);
  const [, data = "", iv = "", tag = "", type = ""] = match;
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64"));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(tag, "base64"));
  const plain = Buffer.concat([decipher.update(Buffer.from(data, "base64")), decipher.final()]);
  return { text: plain.toString("utf8"), type };
}

describe("compatibility with the age CLI and raw node:crypto", () => {
  it("the age CLI recovers a raw 32-byte data key that opens values under sops's AAD", () => {
    const key = dataKeyViaAgeCli(encrypted, alice.identity);
    expect(key).toHaveLength(32);
    const doc = parse(encrypted);
    expect(openEnc(doc.stringData.password, key, "stringData:password:")).toEqual({
      text: "p@ss: w0rd #1",
      type: "str",
    });
    expect(openEnc(doc.stringData.enabled, key, "stringData:enabled:")).toEqual({
      text: "True",
      type: "bool",
    });
    expect(openEnc(doc.stringData.weight, key, "stringData:weight:")).toEqual({ text: "2", type: "float" });
    // List items are bound to their parent's path: sops paths carry no indices.
    expect(openEnc(doc.stringData.hosts[1], key, "stringData:hosts:").text).toBe("db-1.internal");
    expect(openEnc(doc.data["tls.key"], key, "data:tls.key:").text).toBe(
      "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t",
    );
  });

  it("the MAC is SHA-512 over every value in document order, keyed to lastmodified", () => {
    const key = dataKeyViaAgeCli(encrypted, alice.identity);
    const doc = parse(encrypted);
    // Values as Go formats them; the empty string adds nothing; sops hashes plaintext
    // metadata too (mac_only_encrypted is off).
    const values = [
      "v1",
      "Secret",
      "app-credentials",
      "apps",
      "app",
      "30",
      "Opaque",
      "admin",
      "p@ss: w0rd #1",
      "5432",
      "0.75",
      "2",
      "True",
      "0042",
      "db-0.internal",
      "db-1.internal",
      "listen: 0.0.0.0\ndebug: false\n",
      "LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0t",
    ];
    const expected = createHash("sha512").update(values.join("")).digest("hex").toUpperCase();
    expect(openEnc(doc.sops.mac, key, doc.sops.lastmodified)).toEqual({ text: expected, type: "str" });
  });
});
