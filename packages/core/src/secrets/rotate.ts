import { openDocument } from "./decrypt.js";
import { sealDocument } from "./encrypt.js";
import { YAML_OUTPUT } from "./yaml-tree.js";

/** Options for {@link rotateSopsYaml}. */
export interface RotateOptions {
  /** Timestamp for the new `lastmodified`; defaults to now. */
  readonly now?: Date;
}

/**
 * Re-encrypts a SOPS file for a new recipient set: decrypts with `identities` (verifying
 * the MAC), then encrypts under a fresh data key, so removed recipients lose access even
 * if they kept the old data key. The plaintext, key order and crypt rule are kept.
 */
export async function rotateSopsYaml(
  encryptedYaml: string,
  identities: readonly string[],
  newRecipients: readonly string[],
  options: RotateOptions = {},
): Promise<string> {
  const { doc, root, metadata } = await openDocument(encryptedYaml, identities);
  await sealDocument(doc, root, {
    recipients: newRecipients,
    rule: metadata.rule,
    macOnlyEncrypted: metadata.macOnlyEncrypted,
    now: options.now,
  });
  return doc.toString(YAML_OUTPUT);
}
