import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { findSopsConfig, ruleFor } from "./sops-config.js";

const RECIPIENT = "age13xg6ut4ndlmk6uqyak22hrrc6zzndtq57fpus5yh3jdckcap23psmfsrws";

describe(".sops.yaml", () => {
  let dir: string;
  let secret: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "helix-sops-config-"));
    await mkdir(join(dir, "clusters/c1/secrets"), { recursive: true });
    secret = join(dir, "clusters/c1/secrets/db.sops.yaml");
  });
  const config = (text: string) => writeFile(join(dir, ".sops.yaml"), text);

  it("is found above the file, and its first matching rule applies", async () => {
    await config(
      `creation_rules:\n  - path_regex: ^other/\n    age: ${RECIPIENT}\n  - path_regex: ^clusters/c1/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${RECIPIENT}, ${RECIPIENT}\n`,
    );
    const found = await findSopsConfig(secret);
    expect(found?.dir).toBe(dir);
    expect(found && ruleFor(found, secret)).toEqual({
      pathRegex: /^clusters\/c1\/.*\.sops\.yaml$/,
      encryptedRegex: "^(data|stringData)$",
      recipients: [RECIPIENT, RECIPIENT],
    });
  });

  it("with broken YAML names its path and the line", async () => {
    await config(`creation_rules:\n  - path_regex: [unclosed\n    age: ${RECIPIENT}\n`);
    await expect(findSopsConfig(secret)).rejects.toThrow(
      new RegExp(`^${join(dir, ".sops.yaml")}: not valid YAML \\(line \\d+: .+\\): fix this file$`),
    );
  });

  it("lists every broken rule at once, naming the file and each rule's field", async () => {
    await config(
      `creation_rules:\n  - path_regex: "^(unclosed"\n    age: ${RECIPIENT}\n  - path_regex: ^clusters/\n  - just a string\n`,
    );
    const error = await findSopsConfig(secret).catch((e: unknown) => e as Error);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message.startsWith(`${join(dir, ".sops.yaml")}: `)).toBe(true);
    expect(message).toContain("creation_rules[0].path_regex is not a valid regular expression");
    expect(message).toContain("creation_rules[1].age names no age recipient");
    expect(message).toContain("creation_rules[2] must be a mapping");
  });

  it("without a creation_rules list says so, naming the file", async () => {
    await config("creation_rule:\n  age: x\n");
    await expect(findSopsConfig(secret)).rejects.toThrow(
      `${join(dir, ".sops.yaml")}: creation_rules must be a list of rules`,
    );
  });
});
