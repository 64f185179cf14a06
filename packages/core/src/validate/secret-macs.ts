import type { PlacedSecret } from "../render/assemble.js";
import { adviceFor, SopsError } from "../secrets/errors.js";
import { loadAgeIdentities } from "../secrets/identities.js";
import type { Keyring } from "../secrets/verify-mac.js";

/** How many distinct Secret files had their MAC verified, and how many could not be (no age key of theirs at hand). */
export interface SecretMacCount {
  readonly verified: number;
  readonly unverified: number;
}

/** A structurally sound encrypted Secret file, ready for its MAC check. */
export interface SoundSecretFile {
  readonly secret: PlacedSecret;
  /** Path in the cluster folder, for messages. */
  readonly path: string;
  readonly text: string;
  /** The recipients its `sops:` block names. */
  readonly recipients: readonly string[];
}

/** What {@link verifySecretMacs} found. */
export interface SecretMacCheck {
  readonly problems: readonly { readonly secret: PlacedSecret; readonly message: string }[];
  /** An age key source that is set but unusable (e.g. SOPS_AGE_KEY_FILE names a missing file): the message says which and what to do. */
  readonly keyProblem?: string;
  readonly macs: SecretMacCount;
}

type Verdict = "verified" | "no-key" | { readonly problem: string };

/** The age identities at hand, as a keyring; the crypto is loaded only when there is a key to use. */
async function loadKeyring(
  env: NodeJS.ProcessEnv,
): Promise<Keyring | { readonly keyProblem: string } | undefined> {
  let identities: string[];
  try {
    identities = await loadAgeIdentities(env);
  } catch (error) {
    if (error instanceof SopsError) return { keyProblem: error.message };
    throw error;
  }
  if (identities.length === 0) return undefined;
  const { keyringOf } = await import("../secrets/verify-mac.js");
  return keyringOf(identities);
}

async function verify(
  file: Pick<SoundSecretFile, "path" | "text" | "recipients">,
  keyring: Keyring,
): Promise<Verdict> {
  const { verifyMac } = await import("../secrets/verify-mac.js");
  try {
    return await verifyMac(file.text, file.recipients, keyring);
  } catch (error) {
    if (!(error instanceof SopsError)) throw error;
    return { problem: `${file.path}: ${error.message}: ${adviceFor(error.reason, file.path)}` };
  }
}

/**
 * Decrypts in memory and verifies the MAC of each file an age identity of its recipients opens
 * (from SOPS_AGE_KEY, SOPS_AGE_KEY_FILE or ~/.config/sops/age/keys.txt in `env`); nothing
 * decrypted is kept, logged or written. A file several components share is verified once, and
 * files are verified concurrently (the X25519 exchanges run on libuv's thread pool); problems come
 * in the order of `files`.
 */
export async function verifySecretMacs(
  files: readonly SoundSecretFile[],
  env: NodeJS.ProcessEnv,
): Promise<SecretMacCheck> {
  if (files.length === 0) return { problems: [], macs: { verified: 0, unverified: 0 } };
  const keyring = await loadKeyring(env);
  if (keyring && "keyProblem" in keyring)
    return { problems: [], keyProblem: keyring.keyProblem, macs: { verified: 0, unverified: 0 } };
  const byPath = new Map<string, Promise<Verdict>>();
  for (const file of files) {
    if (!byPath.has(file.path))
      byPath.set(file.path, keyring ? verify(file, keyring) : Promise.resolve("no-key"));
  }
  const verdicts = new Map<string, Verdict>();
  for (const [path, verdict] of byPath) verdicts.set(path, await verdict);
  const problems = files.flatMap(({ secret, path }) => {
    const verdict = verdicts.get(path);
    return typeof verdict === "object" ? [{ secret, message: verdict.problem }] : [];
  });
  const count = (wanted: Verdict) => [...verdicts.values()].filter((v) => v === wanted).length;
  return { problems, macs: { verified: count("verified"), unverified: count("no-key") } };
}

/**
 * Verifies the MAC of one encrypted file no component places (the k3s join token the bootstrap
 * reads) with the age key at hand, like {@link verifySecretMacs}: counted as verified, or
 * unverified without a key (an unusable key source is reported by the Secrets' own check).
 */
export async function verifyFileMac(
  path: string,
  text: string,
  recipients: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ readonly macs: SecretMacCount; readonly problem?: string }> {
  const keyring = await loadKeyring(env);
  if (!keyring || "keyProblem" in keyring) return { macs: { verified: 0, unverified: 1 } };
  const verdict = await verify({ path, text, recipients }, keyring);
  if (verdict === "verified") return { macs: { verified: 1, unverified: 0 } };
  if (verdict === "no-key") return { macs: { verified: 0, unverified: 1 } };
  return { macs: { verified: 0, unverified: 0 }, problem: verdict.problem };
}
