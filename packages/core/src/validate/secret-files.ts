import { readFile } from "node:fs/promises";
import { join } from "node:path";
import type { PlacedSecret } from "../render/assemble.js";
import { adviceFor } from "../secrets/errors.js";
import { inspectSopsYaml } from "../secrets/inspect.js";
import { type SecretMacCount, type SoundSecretFile, verifySecretMacs } from "./secret-macs.js";

export type { SecretMacCount } from "./secret-macs.js";

/** A problem with one component's encrypted Secret file. */
export interface SecretFileProblem {
  readonly secret: PlacedSecret;
  readonly message: string;
}

/** Encrypted file contents by their path in the cluster folder, read once per render. */
export type SecretFileContents = ReadonlyMap<string, string>;

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
  const sound: SoundSecretFile[] = [];
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
    const doc = inspection.content as {
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
    sound.push({ secret, path, text, recipients: inspection.recipients });
  }
  const macCheck = await verifySecretMacs(sound, options.env ?? process.env);
  return {
    problems: [...problems, ...macCheck.problems],
    ...(macCheck.keyProblem !== undefined ? { keyProblem: macCheck.keyProblem } : {}),
    contents,
    macs: macCheck.macs,
  };
}
