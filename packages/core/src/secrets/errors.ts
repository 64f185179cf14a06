/**
 * What kind of problem a {@link SopsError} is, so callers can say what to do about it:
 * - `yaml`: the text is not valid YAML;
 * - `not-sops`: valid YAML without sops metadata (a plaintext file);
 * - `tampered`: a value, the MAC or the timestamp no longer matches what was encrypted;
 * - `key`: no usable age identity for this file;
 * - `invalid`: anything else malformed (metadata, value types, unsupported YAML).
 */
export type SopsErrorReason = "yaml" | "not-sops" | "tampered" | "key" | "invalid";

/**
 * Raised for anything that makes a SOPS file unusable: malformed input, a wrong key,
 * a failed authentication tag or a MAC mismatch. Callers catch this one type to tell
 * "the secret is bad" apart from programming errors, and read `reason` to advise.
 */
export class SopsError extends Error {
  override readonly name = "SopsError";
  readonly reason: SopsErrorReason;

  constructor(message: string, reason: SopsErrorReason = "invalid") {
    super(message);
    this.reason = reason;
  }
}

/** What to do about a SOPS problem of this kind in `file`, as a clause to append to its message. */
export function adviceFor(reason: SopsErrorReason, file: string): string {
  switch (reason) {
    case "yaml":
      return `fix the YAML at that line, or restore ${file} from git`;
    case "not-sops":
      return `encrypt it with "helix-cluster secrets encrypt ${file}"; never commit a plain Secret`;
    case "tampered":
      return `restore it from git (git checkout -- ${file}), or write the Secret again and encrypt it`;
    case "key":
      return "use the age key of one of its recipients (SOPS_AGE_KEY_FILE, SOPS_AGE_KEY or ~/.config/sops/age/keys.txt)";
    case "invalid":
      return `restore ${file} from git, or write the Secret again and encrypt it`;
  }
}

/** "<file>: <message>: <advice>" for any error met while handling a SOPS file. */
export function locatedMessage(file: string, error: unknown): string {
  if (error instanceof SopsError) return `${file}: ${error.message}: ${adviceFor(error.reason, file)}`;
  return `${file}: ${error instanceof Error ? error.message : String(error)}`;
}
