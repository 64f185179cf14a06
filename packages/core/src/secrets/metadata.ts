import { type Document, isMap, isScalar, isSeq, Scalar, type YAMLMap } from "yaml";
import { isEncValue } from "./aes-gcm.js";
import type { AgeStanza } from "./age-keys.js";
import { CRYPT_RULE_KEYS, type CryptRule, compileRuleRegex, SOPS_DEFAULT_RULE } from "./crypt-rules.js";
import { SopsError } from "./errors.js";

/** The sops version we claim; the format has been stable across 3.x. */
export const SOPS_VERSION = "3.10.2";

/** The parts of a `sops:` block this module understands. */
export interface SopsMetadata {
  readonly age: readonly AgeStanza[];
  /** RFC 3339 UTC, exactly as stored: it is the AAD of the encrypted MAC. */
  readonly lastModified: string;
  readonly mac: string;
  readonly rule: CryptRule;
  readonly macOnlyEncrypted: boolean;
  readonly version: string;
}

/** Result of reading a `sops:` block: metadata when usable, plus every problem found. */
export interface MetadataReading {
  readonly metadata: SopsMetadata | undefined;
  readonly recipients: readonly string[];
  /** The file's crypt rule, even when other parts of the block are broken. */
  readonly rule: CryptRule;
  readonly problems: readonly string[];
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const nonEmptyString = (value: unknown): value is string => typeof value === "string" && value !== "";

function readAgeStanzas(raw: unknown, problems: string[]): AgeStanza[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push("sops.age must be a list");
    return [];
  }
  const stanzas: AgeStanza[] = [];
  for (const [index, item] of raw.entries()) {
    if (isRecord(item) && nonEmptyString(item.recipient) && nonEmptyString(item.enc)) {
      stanzas.push({ recipient: item.recipient, enc: item.enc });
    } else {
      problems.push(`sops.age[${index}] needs string recipient and enc`);
    }
  }
  return stanzas;
}

function readRule(sops: Record<string, unknown>, problems: string[]): CryptRule {
  const present = CRYPT_RULE_KEYS.filter((key) => nonEmptyString(sops[key]));
  if (present.length > 1) problems.push(`sops block sets more than one of ${present.join(", ")}`);
  const key = present[0];
  if (key === undefined) return SOPS_DEFAULT_RULE;
  const rule: CryptRule = { key, value: sops[key] as string };
  if (key.endsWith("_regex")) {
    try {
      compileRuleRegex(rule.value);
    } catch (error) {
      problems.push(`sops.${key}: ${(error as Error).message}`);
    }
  }
  return rule;
}

/**
 * Reads a `sops:` block (as plain JS) without any key, collecting every structural
 * problem instead of stopping at the first, so `inspectSopsYaml` can report them all.
 */
export function readSopsMetadata(raw: unknown): MetadataReading {
  if (!isRecord(raw)) {
    return {
      metadata: undefined,
      recipients: [],
      rule: SOPS_DEFAULT_RULE,
      problems: ["sops block is not a mapping"],
    };
  }
  const problems: string[] = [];
  const age = readAgeStanzas(raw.age, problems);
  if (age.length === 0) problems.push("sops block has no age recipients");
  if (Array.isArray(raw.key_groups) && raw.key_groups.length > 0) {
    problems.push("sops key_groups (Shamir secret sharing) are not supported");
  }
  for (const key of ["unencrypted_comment_regex", "encrypted_comment_regex"]) {
    if (nonEmptyString(raw[key])) problems.push(`sops.${key} is not supported`);
  }
  const lastModified = raw.lastmodified;
  if (!nonEmptyString(lastModified) || !RFC3339.test(lastModified)) {
    problems.push("sops.lastmodified is missing or not an RFC 3339 timestamp");
  }
  const mac = raw.mac;
  if (!nonEmptyString(mac)) problems.push("sops.mac is missing");
  else if (!isEncValue(mac)) problems.push("sops.mac is not an ENC[AES256_GCM,...] value");
  const version = raw.version;
  if (!nonEmptyString(version)) problems.push("sops.version is missing");
  const rule = readRule(raw, problems);
  const recipients = age.map((stanza) => stanza.recipient);
  if (problems.length > 0) return { metadata: undefined, recipients, rule, problems };
  const metadata: SopsMetadata = {
    age,
    lastModified: lastModified as string,
    mac: mac as string,
    rule,
    macOnlyEncrypted: raw.mac_only_encrypted === true,
    version: version as string,
  };
  return { metadata, recipients, rule, problems };
}

/** Reads the metadata or throws a SopsError listing what is wrong with it. */
export function requireSopsMetadata(raw: unknown): SopsMetadata {
  const { metadata, problems } = readSopsMetadata(raw);
  if (!metadata) throw new SopsError(`invalid sops metadata: ${problems.join("; ")}`);
  return metadata;
}

/** Formats a time as sops stores `lastmodified`: Go's RFC 3339, UTC, whole seconds. */
export function formatLastModified(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new SopsError("invalid date for lastmodified");
  return now.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/**
 * Builds the `sops:` mapping node with keys in the order sops 3.10 writes them
 * (age, lastmodified, mac, crypt rule, mac_only_encrypted, version).
 */
export function buildSopsNode(doc: Document, metadata: SopsMetadata): YAMLMap {
  const plain: Record<string, unknown> = {
    age: metadata.age.map(({ recipient, enc }) => ({ recipient, enc })),
    lastmodified: metadata.lastModified,
    mac: metadata.mac,
    [metadata.rule.key]: metadata.rule.value,
  };
  if (metadata.macOnlyEncrypted) plain.mac_only_encrypted = true;
  plain.version = metadata.version;
  const node = doc.createNode(plain);
  // Armored keys as `|` blocks and a quoted timestamp, like sops, so YAML 1.1 readers keep it a string.
  const age = node.get("age", true);
  if (isSeq(age)) {
    for (const item of age.items) {
      const enc = isMap(item) ? item.get("enc", true) : undefined;
      if (isScalar(enc)) enc.type = Scalar.BLOCK_LITERAL;
    }
  }
  const stamp = node.get("lastmodified", true);
  if (isScalar(stamp)) stamp.type = Scalar.QUOTE_DOUBLE;
  return node;
}
