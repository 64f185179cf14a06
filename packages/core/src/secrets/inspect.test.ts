import { beforeAll, describe, expect, it } from "vitest";
import type { AgeKeyPair } from "./age-keys.js";
import { encryptSopsYaml, inspectSopsYaml } from "./index.js";
import { keyPairs, NOW, SECRET_YAML } from "./test-support/fixtures.js";

let alice: AgeKeyPair;
let bob: AgeKeyPair;
let encrypted: string;

beforeAll(async () => {
  [alice, bob] = (await keyPairs(2)) as [AgeKeyPair, AgeKeyPair];
  encrypted = await encryptSopsYaml(SECRET_YAML, { recipients: [alice.recipient, bob.recipient], now: NOW });
});

describe("inspectSopsYaml", () => {
  it("accepts a file we encrypted and lists its recipients", () => {
    expect(inspectSopsYaml(encrypted)).toEqual({
      isSops: true,
      recipients: [alice.recipient, bob.recipient],
      problems: [],
      // The document as data, so a caller need not parse it again
      content: expect.objectContaining({
        kind: "Secret",
        metadata: expect.objectContaining({ name: "app-credentials" }),
      }),
    });
  });

  it("flags a plaintext value under stringData", () => {
    const leaked = encrypted.replace(/^ {2}password: .*$/m, "  password: hunter2");
    const result = inspectSopsYaml(leaked);
    expect(result.isSops).toBe(true);
    expect(result.problems).toEqual([expect.stringContaining("stringData.password: plaintext value")]);
  });

  it("flags plaintext list items and non-string values under data", () => {
    const leaked = encrypted
      .replace(/^ {4}- ENC.*$/m, "    - db-0.internal")
      .replace(/^ {2}port: .*$/m, "  port: 5432");
    expect(inspectSopsYaml(leaked).problems).toEqual([
      expect.stringContaining("stringData.port: plaintext int value"),
      expect.stringContaining("stringData.hosts[0]: plaintext value"),
    ]);
  });

  it("flags a missing mac", () => {
    const result = inspectSopsYaml(encrypted.replace(/^ {2}mac: .*\n/m, ""));
    expect(result.isSops).toBe(true);
    expect(result.problems).toEqual(["sops.mac is missing"]);
  });

  it("flags a mac that is not an ENC value", () => {
    expect(inspectSopsYaml(encrypted.replace(/^ {2}mac: .*$/m, "  mac: ABCDEF")).problems).toEqual([
      "sops.mac is not an ENC[AES256_GCM,...] value",
    ]);
  });

  it("flags a sops block without age recipients", () => {
    const noAge = encrypted.replace(/^ {2}age:\n(?: {4}.*\n)+/m, "  age: []\n");
    const result = inspectSopsYaml(noAge);
    expect(result.recipients).toEqual([]);
    expect(result.problems).toEqual(["sops block has no age recipients"]);
  });

  it("flags a file without a sops block, and its plaintext secrets", () => {
    const result = inspectSopsYaml(SECRET_YAML);
    expect(result.isSops).toBe(false);
    expect(result.recipients).toEqual([]);
    expect(result.problems[0]).toBe("no sops metadata block");
    expect(result.problems).toContainEqual(expect.stringContaining("stringData.username: plaintext value"));
    expect(result.problems).toContainEqual(expect.stringContaining("data.tls.key: plaintext value"));
    // metadata is never expected to be encrypted
    expect(result.problems.join("\n")).not.toContain("metadata.");
  });

  it("reports unparsable YAML instead of throwing, as such and with its line", () => {
    const result = inspectSopsYaml("kind: Secret\nstringData: [unclosed\n");
    expect(result.isSops).toBe(false);
    expect(result.unreadable).toMatch(/^not valid YAML \(line 3: .+\)$/);
    expect(result.problems).toEqual([result.unreadable]);
  });

  it("tells a broken encrypted file (invalid YAML) from a plaintext one", () => {
    const broken = encrypted.replace(/^ {2}mac: /m, "   mac: ");
    expect(inspectSopsYaml(broken).unreadable).toMatch(/^not valid YAML \(line \d+: /);
    expect(inspectSopsYaml(SECRET_YAML).unreadable).toBeUndefined();
  });

  it("never quotes the file's text in a YAML error", () => {
    const result = inspectSopsYaml("stringData:\n  password: hunter2\n   token: [oops\n");
    expect(result.unreadable).toBeDefined();
    expect(result.unreadable).not.toContain("hunter2");
  });
});
