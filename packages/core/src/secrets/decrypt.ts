import type { Document, Node, YAMLMap } from "yaml";
import { decryptValue, pathAad } from "./aes-gcm.js";
import { unwrapDataKey } from "./age-keys.js";
import { compileCryptRule } from "./crypt-rules.js";
import { SopsError } from "./errors.js";
import { assertMacMatches, MacHasher } from "./mac.js";
import { requireSopsMetadata, type SopsMetadata } from "./metadata.js";
import { readScalar, type SopsValue, writeScalar } from "./values.js";
import { leaves, parseMappingDocument, YAML_OUTPUT } from "./yaml-tree.js";

/** A decrypted document plus the metadata it was stored with. */
export interface OpenedDocument {
  readonly doc: Document;
  readonly root: YAMLMap;
  readonly metadata: SopsMetadata;
}

/** Decrypts the stored MAC, whose AAD is `lastmodified`, so an edited timestamp fails here. */
function openMac(metadata: SopsMetadata, dataKey: Uint8Array): SopsValue {
  try {
    return decryptValue(metadata.mac, dataKey, metadata.lastModified);
  } catch {
    throw new SopsError("MAC mismatch: sops.mac or sops.lastmodified was modified", "tampered");
  }
}

/**
 * Parses and decrypts a SOPS YAML file in memory: removes the `sops:` block, decrypts every
 * value the file's rule covers and verifies the MAC over all values, as `sops -d` does.
 */
export async function openDocument(
  encryptedYaml: string,
  identities: readonly string[],
): Promise<OpenedDocument> {
  const { doc, root } = parseMappingDocument(encryptedYaml);
  const sopsNode = root.get("sops", true) as Node | undefined;
  if (sopsNode === undefined) throw new SopsError("not SOPS-encrypted (no sops metadata)", "not-sops");
  const metadata = requireSopsMetadata(sopsNode.toJS(doc));
  root.delete("sops");
  const shouldEncrypt = compileCryptRule(metadata.rule);
  const dataKey = await unwrapDataKey(metadata.age, identities);
  try {
    const hasher = new MacHasher(metadata.macOnlyEncrypted);
    for (const { node, path, location } of leaves(root)) {
      const encrypted = shouldEncrypt(path);
      let value: SopsValue | null;
      if (!encrypted || node.value === null || node.value === "") {
        value = readScalar(node, location);
      } else if (typeof node.value === "string") {
        value = decryptValue(node.value, dataKey, pathAad(path));
        writeScalar(node, value);
      } else {
        throw new SopsError(`${location}: expected an encrypted value, found plaintext`, "tampered");
      }
      if (value !== null) hasher.add(value, encrypted);
    }
    assertMacMatches(openMac(metadata, dataKey), hasher.digest());
  } finally {
    dataKey.fill(0);
  }
  return { doc, root, metadata };
}

/**
 * Decrypts a SOPS YAML file with any of the given age identities and returns the plaintext
 * YAML (without the `sops:` block). Throws SopsError on a wrong key, a tampered value or a
 * MAC mismatch.
 */
export async function decryptSopsYaml(encryptedYaml: string, identities: readonly string[]): Promise<string> {
  const { doc } = await openDocument(encryptedYaml, identities);
  return doc.toString(YAML_OUTPUT);
}
