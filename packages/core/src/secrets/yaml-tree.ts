import {
  type Document,
  isAlias,
  isMap,
  isScalar,
  isSeq,
  type Node,
  parseAllDocuments,
  type Scalar,
  type YAMLError,
  type YAMLMap,
} from "yaml";
import { SopsError } from "./errors.js";

/** A parsed single-document YAML file whose root is a mapping, as sops requires. */
export interface MappingDocument {
  readonly doc: Document;
  readonly root: YAMLMap;
}

/** One node met while walking a document, in document order. */
export interface TreeEntry {
  readonly node: Node;
  /** Keys from the root to this node, without list indices: the sops path used for AAD and rules. */
  readonly path: readonly string[];
  /** Human-readable location with list indices, for messages. */
  readonly location: string;
  /** "key" for a mapping key node (its path is the enclosing mapping's), "value" otherwise. */
  readonly role: "key" | "value";
}

/** Output options shared by every writer here so files stay byte-stable: 2-space indent, no folding. */
export const YAML_OUTPUT = { indent: 2, lineWidth: 0 } as const;

/**
 * "not valid YAML (line 3: Implicit keys need to be on a single line)": a parser error located by
 * line, without the code frame the yaml package appends (which would quote the file's content).
 */
export function describeYamlError(error: YAMLError): string {
  const line = error.linePos?.[0].line;
  const [first = error.code] = error.message.split("\n");
  const reason = first.replace(/ at line \d+, column \d+:?$/, "");
  return `not valid YAML (${line === undefined ? "" : `line ${line}: `}${reason})`;
}

/**
 * Parses text into one mapping document. Ints are read as bigint so they stay distinct
 * from floats (sops types them differently). Multi-document files are rejected: a
 * Kubernetes secret file holds one object, and sops would repeat its metadata per document.
 * Throws SopsError, with reason `yaml` for text that is not YAML at all.
 */
export function parseMappingDocument(text: string): MappingDocument {
  const docs = parseAllDocuments(text, { intAsBigInt: true });
  const error = "empty" in docs ? docs.errors[0] : docs.flatMap((d) => d.errors)[0];
  if (error) throw new SopsError(describeYamlError(error), "yaml");
  if (docs.length === 0) throw new SopsError("empty: no YAML document");
  if (docs.length > 1) throw new SopsError(`expected one YAML document, found ${docs.length}`);
  const doc = docs[0] as Document;
  if (!isMap(doc.contents)) throw new SopsError("the YAML document must be a mapping");
  return { doc, root: doc.contents };
}

const describe = (location: string, key: string): string => (location ? `${location}.${key}` : key);

/**
 * Walks every key and value node below `root` in document order, skipping the
 * top-level `skipKey` (the `sops:` block). Aliases and non-string keys are rejected:
 * sops expands aliases and refuses non-string keys, and either would desynchronise
 * our paths from the ones sops authenticates.
 */
export function* walkTree(root: YAMLMap, skipKey?: string): Generator<TreeEntry> {
  yield* walkNode(root, [], "", skipKey);
}

function* walkNode(
  node: Node,
  path: readonly string[],
  location: string,
  skipKey?: string,
): Generator<TreeEntry> {
  if (isAlias(node)) throw new SopsError(`${location || "document"}: YAML aliases are not supported`);
  yield { node, path, location, role: "value" };
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = pair.key;
      if (!isScalar(key) || typeof key.value !== "string") {
        throw new SopsError(`${location || "document"}: only string mapping keys are supported`);
      }
      const name = key.value;
      if (path.length === 0 && name === skipKey) continue;
      yield { node: key, path, location: describe(location, name), role: "key" };
      if (pair.value !== null && pair.value !== undefined) {
        yield* walkNode(pair.value as Node, [...path, name], describe(location, name));
      }
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      if (item !== null && item !== undefined) yield* walkNode(item as Node, path, `${location}[${index}]`);
    }
  }
}

/** The scalar value nodes (leaves) of a walk, which are what sops encrypts and hashes. */
export function* leaves(root: YAMLMap, skipKey?: string): Generator<TreeEntry & { readonly node: Scalar }> {
  for (const entry of walkTree(root, skipKey)) {
    if (entry.role === "value" && isScalar(entry.node)) yield entry as TreeEntry & { readonly node: Scalar };
  }
}
