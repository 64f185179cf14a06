import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { apiGroup } from "../model/kube-object.js";
import { isWriterOwnPath } from "../render/output/tree-path.js";
import { canonicalDocuments } from "./canonical-yaml.js";

/** What one entry of a rendered tree is, which decides how it is compared and shown. */
export type EntryKind = "object" | "secret" | "file";

/** One comparable entry of a rendered tree: an object, an encrypted Secret file, or another file. */
export interface TreeEntry {
  /** Identity across revisions: "group/Kind/namespace/name", or the path for other files. */
  readonly key: string;
  /** How the entry is named in reports: "Kind/namespace/name", or the path. */
  readonly label: string;
  readonly kind: EntryKind;
  /** File of the entry, relative to the rendered folder, "/"-separated. */
  readonly path: string;
  /** What is compared: canonical YAML for objects, the bytes otherwise. Never shown for secrets. */
  readonly content: string;
}

/**
 * Every file under a folder (relative "/"-separated path → text), sorted; empty when it is
 * missing. The writer's own marker and state files are not output and are left out.
 */
export async function readTree(dir: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    const rel = relative(dir, full).split(sep).join("/");
    if (!isWriterOwnPath(rel)) files.set(rel, await readFile(full, "utf8"));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** True for a SOPS-encrypted file, whose content a diff must never show. */
export function isEncryptedFile(path: string): boolean {
  return path.endsWith(".sops.yaml") || path.endsWith(".sops.yml") || path.endsWith(".sops.json");
}

interface Identity {
  readonly key: string;
  readonly label: string;
}

/** Identity of a parsed Kubernetes object; undefined for YAML that is not one (kustomization.yaml). */
function identityOf(value: unknown): Identity | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { apiVersion, kind, metadata } = value as Record<string, unknown>;
  if (typeof apiVersion !== "string" || typeof kind !== "string") return undefined;
  if (typeof metadata !== "object" || metadata === null) return undefined;
  const { name, namespace } = metadata as Record<string, unknown>;
  if (typeof name !== "string" || name.startsWith("ENC[")) return undefined;
  const ns = typeof namespace === "string" && !namespace.startsWith("ENC[") ? namespace : "";
  return {
    key: `${apiGroup(apiVersion)}/${kind}/${ns}/${name}`,
    label: ns ? `${kind}/${ns}/${name}` : `${kind}/${name}`,
  };
}

/**
 * Splits a rendered tree into comparable entries. YAML documents that are Kubernetes objects are
 * keyed by identity, so a moved file is no change and key order is no change; encrypted files are
 * compared byte for byte and keyed by the identity in their clear metadata when it has one.
 */
export function indexTree(files: ReadonlyMap<string, string>): TreeEntry[] {
  const entries: TreeEntry[] = [];
  const seen = new Set<string>();
  const add = (entry: TreeEntry): void => {
    const key = seen.has(entry.key) ? `${entry.key}#${entry.path}` : entry.key;
    seen.add(key);
    entries.push({ ...entry, key });
  };
  for (const [path, text] of files) {
    const isYaml = /\.ya?ml$/.test(path);
    const docs = isYaml ? canonicalDocuments(text) : undefined;
    if (isEncryptedFile(path)) {
      const id = docs?.length === 1 ? identityOf(docs[0]?.value) : undefined;
      add({
        key: id ? `secret:${id.key}` : `secret:${path}`,
        label: id ? id.label : path,
        kind: "secret",
        path,
        content: text,
      });
      continue;
    }
    if (!docs) {
      add({ key: `file:${path}`, label: path, kind: "file", path, content: text });
      continue;
    }
    docs.forEach((doc, i) => {
      const id = identityOf(doc.value);
      const suffix = docs.length > 1 ? `#${i}` : "";
      if (id) add({ key: id.key, label: id.label, kind: "object", path, content: doc.text });
      else
        add({
          key: `file:${path}${suffix}`,
          label: `${path}${suffix}`,
          kind: "file",
          path,
          content: doc.text,
        });
    });
  }
  return entries;
}
