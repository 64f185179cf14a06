import { isMap, type Node } from "yaml";
import { isEncValue } from "./aes-gcm.js";
import { type CryptRule, compileCryptRule, DEFAULT_ENCRYPTED_REGEX } from "./crypt-rules.js";
import { readSopsMetadata } from "./metadata.js";
import { leaves, type MappingDocument, parseMappingDocument } from "./yaml-tree.js";

/** What {@link inspectSopsYaml} found. `problems` is empty for a well-formed SOPS file. */
export interface SopsInspection {
  /** A single YAML mapping with a `sops:` mapping. */
  readonly isSops: boolean;
  /**
   * Why the text is not one YAML mapping at all, e.g. "not valid YAML (line 3: …)" or "expected
   * one YAML document, found 2"; `isSops` is false then. Absent for any readable mapping.
   */
  readonly unreadable?: string;
  readonly recipients: readonly string[];
  readonly problems: readonly string[];
  /**
   * The document as plain data (integers as bigint), for checks of its kind, name and keys
   * without parsing the file again; absent when `unreadable`.
   */
  readonly content?: unknown;
}

const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));

// Name plaintext leaves by their YAML type, not JS's (ints are read as bigint).
const TYPE_NAMES: Record<string, string> = { bigint: "int", number: "float", boolean: "bool" };

function plaintextProblems(parsed: MappingDocument, rule: CryptRule): string[] {
  const problems: string[] = [];
  try {
    const shouldEncrypt = compileCryptRule(rule);
    for (const { node, path, location } of leaves(parsed.root, "sops")) {
      const value: unknown = node.value;
      if (!shouldEncrypt(path) || value === null || value === "") continue;
      if (typeof value !== "string")
        problems.push(`${location}: plaintext ${TYPE_NAMES[typeof value] ?? typeof value} value`);
      else if (!isEncValue(value))
        problems.push(`${location}: plaintext value, expected ENC[AES256_GCM,...]`);
    }
  } catch (error) {
    problems.push(errorMessage(error));
  }
  return problems;
}

/**
 * Checks a file's SOPS structure without any key: a `sops:` block with at least one age
 * recipient, a MAC and a timestamp, and no plaintext value where the file's rule (or, with
 * no `sops:` block, `^(data|stringData)$`) says values must be encrypted.
 */
export function inspectSopsYaml(text: string): SopsInspection {
  let parsed: MappingDocument;
  try {
    parsed = parseMappingDocument(text);
  } catch (error) {
    const reason = errorMessage(error);
    return { isSops: false, unreadable: reason, recipients: [], problems: [reason] };
  }
  const content: unknown = parsed.doc.toJS();
  const sopsNode = parsed.root.get("sops", true) as Node | undefined;
  if (sopsNode === undefined) {
    const rule: CryptRule = { key: "encrypted_regex", value: DEFAULT_ENCRYPTED_REGEX };
    return {
      isSops: false,
      recipients: [],
      problems: ["no sops metadata block", ...plaintextProblems(parsed, rule)],
      content,
    };
  }
  const reading = readSopsMetadata(sopsNode.toJS(parsed.doc));
  return {
    isSops: isMap(sopsNode),
    recipients: reading.recipients,
    problems: [...reading.problems, ...plaintextProblems(parsed, reading.rule)],
    content,
  };
}
