/**
 * Raised for anything that makes a SOPS file unusable: malformed input, a wrong key,
 * a failed authentication tag or a MAC mismatch. Callers catch this one type to tell
 * "the secret is bad" apart from programming errors.
 */
export class SopsError extends Error {
  override readonly name = "SopsError";
}
