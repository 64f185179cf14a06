import { identityToRecipient } from "age-encryption";
import { openDocument } from "./decrypt.js";

/** age identities with the recipients they open, to tell which files they can verify. */
export interface Keyring {
  readonly identities: readonly string[];
  readonly recipients: ReadonlySet<string>;
}

/** The keyring of these identities (their public recipients derived once). */
export async function keyringOf(identities: readonly string[]): Promise<Keyring> {
  const recipients = await Promise.all(identities.map((identity) => identityToRecipient(identity)));
  return { identities, recipients: new Set(recipients) };
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
  if (!recipients.some((r) => keyring.recipients.has(r))) return "no-key";
  await openDocument(encryptedYaml, keyring.identities);
  return "verified";
}
