import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { PlacedSecret } from "../render/assemble.js";
import { adviceFor, SopsError } from "../secrets/errors.js";
import { loadAgeIdentities } from "../secrets/identities.js";
import { inspectSopsYaml } from "../secrets/inspect.js";
import type { Keyring } from "../secrets/verify-mac.js";

/** A problem with one component's encrypted Secret file. */
export interface SecretFileProblem {
  readonly secret: PlacedSecret;
  readonly message: string;
}

/** Encrypted file contents by their path in the cluster folder, read once per render. */
export type SecretFileContents = ReadonlyMap<string, string>;

/** How many distinct Secret files had their MAC verified, and how many could not be (no age key of theirs at hand). */
export interface SecretMacCount {
  readonly verified: number;
  readonly unverified: number;
}

/** What {@link checkSecretFiles} found. */
export interface SecretFileCheck {
  readonly problems: readonly SecretFileProblem[];
  /** An age key source that is set but unusable (e.g. SOPS_AGE_KEY_FILE names a missing file): the message says which and what to do. */
  readonly keyProblem?: string;
  readonly contents: SecretFileContents;
  readonly macs: SecretMacCount;
}

/** Options of {@link checkSecretFiles}. */
export interface SecretFileCheckOptions {
  /** Where the age identities are looked up (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, XDG_CONFIG_HOME, HOME). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

type Keys = { readonly keyring?: Keyring; readonly keyProblem?: string };

/** The age identities at hand, as a keyring; the crypto is loaded only when there is a key to use. */
async function loadKeys(env: NodeJS.ProcessEnv): Promise<Keys> {
  let identities: string[];
  try {
    identities = await loadAgeIdentities(env);
  } catch (error) {
    if (error instanceof SopsError) return { keyProblem: error.message };
    throw error;
  }
  if (identities.length === 0) return {};
  const { keyringOf } = await import("../secrets/verify-mac.js");
  return { keyring: await keyringOf(identities) };
}

/** Problems of the decrypted-in-memory file, or "no-key" when none of its recipients is ours. */
async function macProblems(
  text: string,
  path: string,
  recipients: readonly string[],
  keyring: Keyring,
): Promise<readonly string[] | "verified" | "no-key"> {
  const { verifyMac } = await import("../secrets/verify-mac.js");
  try {
    return await verifyMac(text, recipients, keyring);
  } catch (error) {
    if (!(error instanceof SopsError)) throw error;
    return [`${path}: ${error.message}: ${adviceFor(error.reason, path)}`];
  }
}

/**
 * Reads and checks each declared Secret file: it exists, is SOPS-encrypted (nothing in plain text
 * under data/stringData), is encrypted to exactly the cluster's age recipients, and is the Secret
 * the component asked for (name, namespace, keys). When an age identity of the file's recipients
 * is at hand, the file is also decrypted in memory and its MAC verified; `macs` counts the files
 * verified and those that could not be.
 */
export async function checkSecretFiles(
  clusterDir: string,
  secrets: readonly PlacedSecret[],
  recipients: readonly string[],
  options: SecretFileCheckOptions = {},
): Promise<SecretFileCheck> {
  const problems: SecretFileProblem[] = [];
  const contents = new Map<string, string>();
  const keys = secrets.length > 0 ? await loadKeys(options.env ?? process.env) : {};
  // A file two components share is verified once.
  const macs = new Map<string, Promise<readonly string[] | "verified" | "no-key">>();
  for (const secret of secrets) {
    const path = secret.sourcePath;
    const report = (message: string): void => {
      problems.push({ secret, message });
    };
    let text: string;
    try {
      text = await readFile(join(clusterDir, path), "utf8");
    } catch {
      report(
        `missing encrypted file ${path} for Secret ${secret.namespace}/${secret.ref.name} (create it with "helix-cluster secrets encrypt")`,
      );
      continue;
    }
    contents.set(path, text);
    const inspection = inspectSopsYaml(text);
    if (inspection.unreadable !== undefined) {
      report(`${path}: ${inspection.unreadable}: fix it, or restore it from git`);
      continue;
    }
    if (!inspection.isSops) {
      report(`${path} is not SOPS-encrypted (no sops metadata): ${adviceFor("not-sops", path)}`);
      continue;
    }
    for (const p of inspection.problems) report(`${path}: ${p}`);
    const expected = [...recipients].sort();
    const actual = [...inspection.recipients].sort();
    for (const r of actual)
      if (!expected.includes(r))
        report(`${path} is encrypted to ${r}, which is not a recipient of this cluster`);
    for (const r of expected)
      if (!actual.includes(r)) report(`${path} is not encrypted to the cluster recipient ${r}`);
    const doc = parse(text) as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
      data?: Record<string, unknown>;
      stringData?: Record<string, unknown>;
    } | null;
    if (doc?.kind !== "Secret") report(`${path} must hold a Secret, found kind ${String(doc?.kind)}`);
    if (doc?.metadata?.name !== secret.ref.name)
      report(`${path} must be named ${secret.ref.name}, found ${String(doc?.metadata?.name)}`);
    if (doc?.metadata?.namespace !== secret.namespace) {
      report(`${path} must be in namespace ${secret.namespace}, found ${String(doc?.metadata?.namespace)}`);
    }
    const keyNames = new Set([...Object.keys(doc?.data ?? {}), ...Object.keys(doc?.stringData ?? {})]);
    for (const key of secret.ref.keys) if (!keyNames.has(key)) report(`${path} lacks key "${key}"`);
    // Only a structurally sound file is worth decrypting: its problems are already reported.
    if (inspection.problems.length > 0) continue;
    let verdict = macs.get(path);
    if (!verdict) {
      verdict = keys.keyring
        ? macProblems(text, path, inspection.recipients, keys.keyring)
        : Promise.resolve("no-key");
      macs.set(path, verdict);
    }
    const outcome = await verdict;
    if (typeof outcome !== "string") for (const p of outcome) report(p);
  }
  let verified = 0;
  let unverified = 0;
  for (const verdict of macs.values()) {
    const outcome = await verdict;
    if (outcome === "verified") verified++;
    else if (outcome === "no-key") unverified++;
  }
  return {
    problems,
    ...(keys.keyProblem !== undefined ? { keyProblem: keys.keyProblem } : {}),
    contents,
    macs: { verified, unverified },
  };
}
