import { randomBytes } from "node:crypto";
import { type Document, isScalar, type YAMLMap } from "yaml";
import { encryptValue, pathAad } from "./aes-gcm.js";
import { normalizeRecipients, wrapDataKey } from "./age-keys.js";
import { stripComments } from "./comments.js";
import { type CryptRule, compileCryptRule, DEFAULT_ENCRYPTED_REGEX } from "./crypt-rules.js";
import { SopsError } from "./errors.js";
import { MacHasher } from "./mac.js";
import { buildSopsNode, formatLastModified, SOPS_VERSION } from "./metadata.js";
import { readScalar, writeScalar } from "./values.js";
import { parseMappingDocument, walkTree, YAML_OUTPUT } from "./yaml-tree.js";

/** Options for {@link encryptSopsYaml}. */
export interface EncryptOptions {
  /** age X25519 recipients (`age1...`); each gets its own copy of the data key. */
  readonly recipients: readonly string[];
  /** Keys whose subtrees are encrypted; default `^(data|stringData)$`. */
  readonly encryptedRegex?: string;
  /** Timestamp for `lastmodified` (and the MAC's AAD); defaults to now. Set it for deterministic tests. */
  readonly now?: Date;
}

/** Everything {@link sealDocument} needs besides the document. */
export interface SealSettings {
  readonly recipients: readonly string[];
  readonly rule: CryptRule;
  readonly macOnlyEncrypted: boolean;
  readonly now?: Date | undefined;
}

/**
 * Encrypts a plaintext mapping document in place and appends its `sops:` block: fresh
 * data key, every value selected by the rule replaced by its ENC string, MAC over all values.
 */
export async function sealDocument(doc: Document, root: YAMLMap, settings: SealSettings): Promise<void> {
  const recipients = normalizeRecipients(settings.recipients);
  const shouldEncrypt = compileCryptRule(settings.rule);
  const lastModified = formatLastModified(settings.now ?? new Date());
  const dataKey = randomBytes(32);
  try {
    const hasher = new MacHasher(settings.macOnlyEncrypted);
    for (const entry of walkTree(root)) {
      const encrypted = shouldEncrypt(entry.path);
      if (encrypted) stripComments(entry.node);
      if (entry.role !== "value" || !isScalar(entry.node)) continue;
      const value = readScalar(entry.node, entry.location);
      if (value === null) continue;
      hasher.add(value, encrypted);
      // sops leaves empty strings as they are: there is nothing to hide and GCM needs no input.
      if (encrypted && !(value.type === "str" && value.value === "")) {
        writeScalar(entry.node, encryptValue(value, dataKey, pathAad(entry.path)));
      }
    }
    const mac = encryptValue({ type: "str", value: hasher.digest() }, dataKey, lastModified);
    const age = await Promise.all(
      recipients.map(async (recipient) => ({ recipient, enc: await wrapDataKey(dataKey, recipient) })),
    );
    const metadata = {
      age,
      lastModified,
      mac,
      rule: settings.rule,
      macOnlyEncrypted: settings.macOnlyEncrypted,
      version: SOPS_VERSION,
    };
    root.set("sops", buildSopsNode(doc, metadata));
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Encrypts a plaintext YAML document (e.g. a Kubernetes Secret) into a SOPS file that the
 * `sops` CLI and Flux's kustomize-controller can decrypt with any of the recipients' keys.
 */
export async function encryptSopsYaml(plainYaml: string, opts: EncryptOptions): Promise<string> {
  const { doc, root } = parseMappingDocument(plainYaml);
  if (root.has("sops"))
    throw new SopsError("document already has a top-level sops key; is it already encrypted?");
  const rule: CryptRule = { key: "encrypted_regex", value: opts.encryptedRegex ?? DEFAULT_ENCRYPTED_REGEX };
  await sealDocument(doc, root, {
    recipients: opts.recipients,
    rule,
    macOnlyEncrypted: false,
    now: opts.now,
  });
  return doc.toString(YAML_OUTPUT);
}
