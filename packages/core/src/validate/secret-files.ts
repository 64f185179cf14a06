import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parse } from "yaml";
import type { PlacedSecret } from "../render/assemble.js";
import { inspectSopsYaml } from "../secrets/inspect.js";

/** A problem with one component's encrypted Secret file. */
export interface SecretFileProblem {
  readonly secret: PlacedSecret;
  readonly message: string;
}

/** Encrypted file contents by their path in the cluster folder, read once per render. */
export type SecretFileContents = ReadonlyMap<string, string>;

/**
 * Reads and checks each declared Secret file: it exists, is SOPS-encrypted (nothing in plain text
 * under data/stringData), is encrypted to exactly the cluster's age recipients, and is the Secret
 * the component asked for (name, namespace, keys).
 */
export async function checkSecretFiles(
  clusterDir: string,
  secrets: readonly PlacedSecret[],
  recipients: readonly string[],
): Promise<{ problems: SecretFileProblem[]; contents: SecretFileContents }> {
  const problems: SecretFileProblem[] = [];
  const contents = new Map<string, string>();
  for (const secret of secrets) {
    const report = (message: string): void => {
      problems.push({ secret, message });
    };
    let text: string;
    try {
      text = await readFile(join(clusterDir, secret.sourcePath), "utf8");
    } catch {
      report(
        `missing encrypted file ${secret.sourcePath} for Secret ${secret.namespace}/${secret.ref.name} (create it with "helix-cluster secrets encrypt")`,
      );
      continue;
    }
    contents.set(secret.sourcePath, text);
    const inspection = inspectSopsYaml(text);
    if (!inspection.isSops) {
      report(`${secret.sourcePath} is not SOPS-encrypted: never commit a plain Secret`);
      continue;
    }
    for (const p of inspection.problems) report(`${secret.sourcePath}: ${p}`);
    const expected = [...recipients].sort();
    const actual = [...inspection.recipients].sort();
    for (const r of actual)
      if (!expected.includes(r))
        report(`${secret.sourcePath} is encrypted to ${r}, which is not a recipient of this cluster`);
    for (const r of expected)
      if (!actual.includes(r)) report(`${secret.sourcePath} is not encrypted to the cluster recipient ${r}`);
    const doc = parse(text) as {
      kind?: unknown;
      metadata?: { name?: unknown; namespace?: unknown };
      data?: Record<string, unknown>;
      stringData?: Record<string, unknown>;
    } | null;
    if (doc?.kind !== "Secret")
      report(`${secret.sourcePath} must hold a Secret, found kind ${String(doc?.kind)}`);
    if (doc?.metadata?.name !== secret.ref.name)
      report(`${secret.sourcePath} must be named ${secret.ref.name}, found ${String(doc?.metadata?.name)}`);
    if (doc?.metadata?.namespace !== secret.namespace) {
      report(
        `${secret.sourcePath} must be in namespace ${secret.namespace}, found ${String(doc?.metadata?.namespace)}`,
      );
    }
    const keys = new Set([...Object.keys(doc?.data ?? {}), ...Object.keys(doc?.stringData ?? {})]);
    for (const key of secret.ref.keys) if (!keys.has(key)) report(`${secret.sourcePath} lacks key "${key}"`);
  }
  return { problems, contents };
}
