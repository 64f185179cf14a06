// The Secrets the consumer's packages declare: listed by the consumer's own script (core's
// assembleCluster on each entry), filled with values generated for this run, written as plain
// Secret manifests inside the temporary project, then encrypted there by the published CLI.
import { randomBytes } from "node:crypto";
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, posix } from "node:path";
import type { SecretSource } from "@helix-cluster/core";

/** One Secret file an entry's packages declare, relative to the entry's folder. */
export interface DeclaredSecret {
  readonly file: string;
  readonly keys: readonly string[];
  /** The Secret some keys copy (core's declaration, as the consumer's script prints it). */
  readonly source?: SecretSource;
}

/** What the consumer's script says of one entry. */
export interface EntryDeclarations {
  readonly secrets: readonly DeclaredSecret[];
  /** Component name → the package that builds it. */
  readonly components: Readonly<Record<string, string>>;
  /** The assembly's problems (validation lists them again, located). */
  readonly problems: readonly string[];
}

/** The k3s join token every k3s cluster with nodes needs, beside its entry (core's README). */
export const K3S_TOKEN_FILE = "secrets/bootstrap/k3s-token.sops.yaml";

/** Parses the script's output: entry → its declarations; throws naming what is malformed. */
export function parseDeclarations(stdout: string): Map<string, EntryDeclarations> {
  const parsed = JSON.parse(stdout) as Record<string, Partial<EntryDeclarations>>;
  const out = new Map<string, EntryDeclarations>();
  for (const [entry, d] of Object.entries(parsed)) {
    if (!Array.isArray(d.secrets) || typeof d.components !== "object" || !Array.isArray(d.problems))
      throw new Error(
        `the declared secrets of ${entry} are not { secrets, components, problems }: ${stdout}`,
      );
    out.set(entry, { secrets: d.secrets, components: d.components ?? {}, problems: d.problems });
  }
  return out;
}

const secretFile = (namespace: string, name: string): string => `secrets/${namespace}/${name}.sops.yaml`;
const generated = (prefix: string): string => `${prefix}-${randomBytes(16).toString("hex")}`;

/**
 * A fresh value for every key of every declared Secret, by file (relative to the entry's folder)
 * and key, and the k3s token; a key that copies another Secret's key gets that key's value, or a
 * URL with it as password (one source per credential: validation compares the two files).
 */
export function secretValues(secrets: readonly DeclaredSecret[]): Map<string, Record<string, string>> {
  const values = new Map<string, Record<string, string>>();
  const of = (file: string): Record<string, string> => {
    const v = values.get(file) ?? {};
    values.set(file, v);
    return v;
  };
  for (const s of secrets) {
    const own = of(s.file);
    for (const key of s.keys) own[key] ??= generated("e2e");
  }
  for (const s of secrets) {
    if (!s.source) continue;
    const from = of(secretFile(s.source.namespace, s.source.name));
    const own = of(s.file);
    for (const [key, theirs] of Object.entries(s.source.keys)) {
      from[theirs] ??= generated("e2e");
      own[key] =
        s.source.within?.[key] === "url-password"
          ? `postgres://${key}:${encodeURIComponent(from[theirs])}@database.e2e-consumer.example:5432/e2e`
          : from[theirs];
    }
  }
  of(K3S_TOKEN_FILE).token = generated("K10");
  return values;
}

/** A plain Secret manifest (the form `helix-cluster secrets encrypt` takes). */
export function plainSecretYaml(file: string, data: Readonly<Record<string, string>>): string {
  // secrets/<namespace>/<name>.sops.yaml; the k3s token lives in kube-system.
  const [, folder = "", fileName = ""] = file.split("/");
  const namespace = file === K3S_TOKEN_FILE ? "kube-system" : folder;
  return [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${fileName.replace(/\.sops\.yaml$/, "")}`,
    `  namespace: ${namespace}`,
    "type: Opaque",
    "stringData:",
    ...Object.entries(data).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
    "",
  ].join("\n");
}

/** Plain values written, by file relative to the project and key. */
export type WrittenSecrets = ReadonlyMap<string, Readonly<Record<string, string>>>;

/**
 * Writes, for each entry (a path relative to the project), its declared Secrets with fresh values
 * as plain manifests beside it, to be encrypted at once; returns the values by project path.
 */
export async function writePlainSecrets(
  projectDir: string,
  declarations: ReadonlyMap<string, EntryDeclarations>,
): Promise<WrittenSecrets> {
  const written = new Map<string, Record<string, string>>();
  for (const [entry, declared] of declarations) {
    const entryDir = posix.dirname(entry);
    for (const [file, data] of secretValues(declared.secrets)) {
      const path = posix.join(entryDir, file);
      await mkdir(dirname(join(projectDir, path)), { recursive: true });
      await writeFile(join(projectDir, path), plainSecretYaml(file, data), { mode: 0o600 });
      written.set(path, data);
    }
  }
  return written;
}

/** Every plain value written: none may appear in any file after encryption. */
export function plainValues(written: WrittenSecrets): string[] {
  return [...written.values()].flatMap((data) => Object.values(data));
}
