import { identityToRecipient } from "age-encryption";
import { openDocument } from "./decrypt.js";

/** age identities by the recipient each one opens, to tell which files they can verify. */
export interface Keyring {
  readonly identities: ReadonlyMap<string, string>;
}

/** The keyring of these identities (their public recipients derived once). */
export async function keyringOf(identities: readonly string[]): Promise<Keyring> {
  const pairs = await Promise.all(
    identities.map(async (identity) => [await identityToRecipient(identity), identity] as const),
  );
  return { identities: new Map(pairs) };
}

/**
 * Verifies a SOPS file's MAC when one of the keyring's identities is among its recipients:
 * decrypts every value in memory (nothing is kept, logged or written) and checks the MAC, as
 * `sops -d` does. Returns "no-key" when none of its recipients is ours; throws the SopsError of
 * a tampered, corrupt or wrongly wrapped file.
 */
export async function verifyMac(
  encryptedYaml: string,
  recipients: readonly string[],
  keyring: Keyring,
): Promise<"verified" | "no-key"> {
  // Only the identities of this file's recipients: each one tried costs an X25519 exchange.
  const ours = recipients.flatMap((r) => keyring.identities.get(r) ?? []);
  if (ours.length === 0) return "no-key";
  await openDocument(encryptedYaml, ours);
  return "verified";
}
