import { execFileSync } from "node:child_process";
import { createCipheriv, createHash, randomBytes } from "node:crypto";
import { decryptSops } from "sops-age";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { AgeKeyPair } from "./age-keys.js";
import { decryptSopsYaml } from "./index.js";
import { keyPairs } from "./test-support/fixtures.js";

// The other direction: a SOPS file written without this module — the data key wrapped by the age
// CLI, values and MAC sealed with raw node:crypto as the SOPS format describes — that our
// decryption (and sops-age, as a referee) must read.

function seal(plain: string, key: Buffer, aad: string): string {
  const iv = randomBytes(32);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(aad));
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return `ENC[AES256_GCM,data:${data.toString("base64")},iv:${iv.toString("base64")},tag:${cipher.getAuthTag().toString("base64")},type:str]`;
}

function independentSopsFile(recipient: string, password: string): string {
  const dataKey = randomBytes(32);
  const wrapped = execFileSync("age", ["-r", recipient, "-a"], { input: dataKey }).toString("utf8");
  const lastModified = "2026-11-26T12:00:00Z";
  // MAC: SHA-512 over every value in document order, uppercase hex, sealed with lastmodified as AAD.
  const values = ["v1", "Secret", "db", "apps", "Opaque", password];
  const mac = createHash("sha512").update(values.join("")).digest("hex").toUpperCase();
  const block = wrapped
    .trimEnd()
    .split("\n")
    .map((l) => `            ${l}`)
    .join("\n");
  return [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    "    name: db",
    "    namespace: apps",
    "type: Opaque",
    "stringData:",
    `    password: ${seal(password, dataKey, "stringData:password:")}`,
    "sops:",
    "    age:",
    `        - recipient: ${recipient}`,
    "          enc: |",
    block,
    `    lastmodified: "${lastModified}"`,
    `    mac: ${seal(mac, dataKey, lastModified)}`,
    "    encrypted_regex: ^(data|stringData)$",
    "    version: 3.10.2",
    "",
  ].join("\n");
}

describe("reading SOPS files written by an independent implementation", () => {
  it("decrypts a file sealed by the age CLI and raw AES-GCM, as sops-age does", async () => {
    const [alice] = (await keyPairs(1)) as [AgeKeyPair];
    const file = independentSopsFile(alice.recipient, "correct horse battery staple");
    const ours = parse(await decryptSopsYaml(file, [alice.identity])) as { stringData: { password: string } };
    expect(ours.stringData.password).toBe("correct horse battery staple");
    const referee = (await decryptSops(file, { secretKey: alice.identity, fileType: "yaml" })) as {
      stringData: { password: string };
    };
    expect(referee.stringData.password).toBe("correct horse battery staple");
  });

  it("rejects that file once a value is swapped for another sealed with the same key", async () => {
    const [alice] = (await keyPairs(1)) as [AgeKeyPair];
    const file = independentSopsFile(alice.recipient, "one");
    const other = independentSopsFile(alice.recipient, "two");
    const swapped = file.replace(/password: ENC\[[^\]]*\]/, /password: ENC\[[^\]]*\]/.exec(other)?.[0] ?? "");
    await expect(decryptSopsYaml(swapped, [alice.identity])).rejects.toThrow();
  });
});
