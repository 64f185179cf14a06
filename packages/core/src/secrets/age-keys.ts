import { armor, Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from "age-encryption";
import { SopsError } from "./errors.js";

/** An age X25519 key pair: the secret identity and the public recipient derived from it. */
export interface AgeKeyPair {
  /** `AGE-SECRET-KEY-1...` */
  readonly identity: string;
  /** `age1...` */
  readonly recipient: string;
}

// X25519 only: the age CLI, sops and Flux's age library don't read post-quantum or tag recipients.
const X25519_RECIPIENT = /^age1[qpzry9x8gf2tvdw0s3jn54khce6mua7l]{58}$/;

/** Generates a fresh X25519 age key pair (the kind sops and Flux accept). */
export async function generateAgeKeyPair(): Promise<AgeKeyPair> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** Validates and de-duplicates recipients, keeping their order. */
export function normalizeRecipients(recipients: readonly string[]): string[] {
  const unique = [...new Set(recipients.map((recipient) => recipient.trim()))];
  if (unique.length === 0) throw new SopsError("at least one age recipient is required");
  for (const recipient of unique) {
    if (!X25519_RECIPIENT.test(recipient)) {
      throw new SopsError(`not an age X25519 recipient: ${JSON.stringify(recipient)}`);
    }
  }
  return unique;
}

/**
 * Encrypts the data key for one recipient as sops does: the raw 32 key bytes are the age
 * payload, ASCII-armored, one age file per recipient.
 */
export async function wrapDataKey(dataKey: Uint8Array, recipient: string): Promise<string> {
  const encrypter = new Encrypter();
  try {
    encrypter.addRecipient(recipient);
  } catch (error) {
    throw new SopsError(`invalid age recipient ${recipient}: ${(error as Error).message}`);
  }
  return armor.encode(await encrypter.encrypt(dataKey));
}

/** An entry of the `sops.age` list. */
export interface AgeStanza {
  readonly recipient: string;
  readonly enc: string;
}

/**
 * Recovers the 32-byte data key from whichever `sops.age` entry one of the identities
 * opens. Like sops, the `recipient` field is only a label: every entry is tried.
 */
export async function unwrapDataKey(
  entries: readonly AgeStanza[],
  identities: readonly string[],
): Promise<Uint8Array> {
  if (identities.length === 0) throw new SopsError("at least one age identity is required", "key");
  const decrypter = new Decrypter();
  for (const identity of identities) {
    try {
      decrypter.addIdentity(identity.trim());
    } catch {
      throw new SopsError("invalid age identity (expected AGE-SECRET-KEY-1...)", "key");
    }
  }
  for (const entry of entries) {
    try {
      const key = await decrypter.decrypt(armor.decode(entry.enc));
      if (key.length === 32) return key;
    } catch {
      // Not ours (or corrupt): try the next entry, as sops does.
    }
  }
  const recipients = entries.map((entry) => entry.recipient).join(", ");
  throw new SopsError(
    `none of the given age identities can decrypt the data key (recipients: ${recipients})`,
    "key",
  );
}
