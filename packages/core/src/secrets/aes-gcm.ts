import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import { SopsError } from "./errors.js";
import { type SopsValue, valueFromText, valueText } from "./values.js";

// sops uses a 32-byte GCM nonce (not the usual 12) and a 16-byte tag.
const IV_BYTES = 32;
const TAG_BYTES = 16;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const ENC_PATTERN = /^ENC\[AES256_GCM,data:([^,]+),iv:([^,]+),tag:([^,]+),type:([a-z0-9]+)\]$/;
const VALUE_TYPES = new Set(["str", "int", "int64", "float", "bool", "bytes", "comment"]);

/** sops binds each value to its place: the AAD is the key path joined by ":" plus a trailing ":". */
export function pathAad(path: readonly string[]): string {
  return `${path.join(":")}:`;
}

interface EncryptedParts {
  readonly data: Buffer;
  readonly iv: Buffer;
  readonly tag: Buffer;
  readonly type: string;
}

/** Splits an `ENC[AES256_GCM,...]` string into its parts; `undefined` when it is not one. */
export function parseEncValue(text: string): EncryptedParts | undefined {
  const match = ENC_PATTERN.exec(text);
  if (!match) return undefined;
  const [, data = "", iv = "", tag = "", type = ""] = match;
  if (![data, iv, tag].every((part) => BASE64.test(part)) || !VALUE_TYPES.has(type)) return undefined;
  const parts = {
    data: Buffer.from(data, "base64"),
    iv: Buffer.from(iv, "base64"),
    tag: Buffer.from(tag, "base64"),
    type,
  };
  return parts.iv.length > 0 && parts.tag.length === TAG_BYTES ? parts : undefined;
}

/** True when `text` is a well-formed sops ENC value (no key needed). */
export function isEncValue(text: string): boolean {
  return parseEncValue(text) !== undefined;
}

/** Encrypts one value with the data key, bound to `aad` (the value's path, or lastmodified for the MAC). */
export function encryptValue(value: SopsValue, key: Uint8Array, aad: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(aad, "utf8"));
  const data = Buffer.concat([cipher.update(valueText(value), "utf8"), cipher.final()]);
  const tag = cipher.getAuthTag();
  const b64 = (bytes: Buffer): string => bytes.toString("base64");
  return `ENC[AES256_GCM,data:${b64(data)},iv:${b64(iv)},tag:${b64(tag)},type:${value.type}]`;
}

/** Decrypts and authenticates one ENC value; throws SopsError if it was altered, moved or keyed differently. */
export function decryptValue(text: string, key: Uint8Array, aad: string): SopsValue {
  const parts = parseEncValue(text);
  if (!parts) throw new SopsError(`value for ${aad} is not a valid ENC[AES256_GCM,...] string`);
  let plain: string;
  try {
    const decipher = createDecipheriv("aes-256-gcm", key, parts.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(aad, "utf8"));
    decipher.setAuthTag(parts.tag);
    plain = Buffer.concat([decipher.update(parts.data), decipher.final()]).toString("utf8");
  } catch {
    throw new SopsError(
      `could not authenticate value for ${aad}: wrong key or tampered ciphertext`,
      "tampered",
    );
  }
  return valueFromText(parts.type, plain);
}
