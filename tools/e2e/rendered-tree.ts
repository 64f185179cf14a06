// Reading what the consumer's CLI rendered (the e2e runs on its own: it does not import the
// workspace core).
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseAllDocuments } from "yaml";

/** The render writer's own folder inside a rendered tree: its index and journal, not output. */
const WRITER_STATE = ".helix-render/";

/** Every file under a folder, by path relative to it, in code point order of the paths; the render writer's state left out. */
export async function readTree(root: string): Promise<Map<string, string>> {
  const paths: string[] = [];
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name).slice(root.length + 1);
    if (!path.startsWith(WRITER_STATE)) paths.push(path);
  }
  paths.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const out = new Map<string, string>();
  for (const path of paths) out.set(path, await readFile(join(root, path), "utf8"));
  return out;
}

/** A Kubernetes object as parsed from YAML. */
export interface ParsedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
  readonly stringData?: Record<string, unknown>;
  readonly resources?: readonly string[];
}

/** Every object of every YAML file of a tree, with the file it came from. */
export function objectsOf(tree: ReadonlyMap<string, string>): { file: string; object: ParsedObject }[] {
  const out: { file: string; object: ParsedObject }[] = [];
  for (const [file, text] of tree) {
    if (!file.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as ParsedObject | null;
      if (object) out.push({ file, object });
    }
  }
  return out;
}

/** Paths whose content differs between two trees, or that only one has, in code point order. */
export function treeDifferences(a: ReadonlyMap<string, string>, b: ReadonlyMap<string, string>): string[] {
  const paths = new Set([...a.keys(), ...b.keys()]);
  return [...paths].filter((p) => a.get(p) !== b.get(p)).sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
}

/** How many kustomization folders a tree has (each holds a kustomization.yaml). */
export function kustomizationCount(tree: ReadonlyMap<string, string>): number {
  return [...tree.keys()].filter((p) => p === "kustomization.yaml" || p.endsWith("/kustomization.yaml"))
    .length;
}
