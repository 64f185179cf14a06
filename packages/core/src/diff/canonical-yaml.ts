import { parseAllDocuments, stringify } from "yaml";

/** One parsed YAML document: its plain value and the canonical text compared by the diff. */
export interface CanonicalDocument {
  readonly value: unknown;
  /** YAML with every map's keys sorted, so key order and quoting style never show as a change. */
  readonly text: string;
}

/**
 * Parses every document of a YAML text (YAML 1.1, as Kubernetes reads it) into its canonical form;
 * undefined when the text is not valid YAML. Empty documents are skipped.
 */
export function canonicalDocuments(source: string): CanonicalDocument[] | undefined {
  const docs = parseAllDocuments(source, { version: "1.1" });
  if (!Array.isArray(docs)) return [];
  const out: CanonicalDocument[] = [];
  for (const doc of docs) {
    if (doc.errors.length > 0) return undefined;
    const value: unknown = doc.toJS({ maxAliasCount: -1 });
    if (value === null || value === undefined) continue;
    out.push({ value, text: canonicalYaml(value) });
  }
  return out;
}

/** YAML of a value with sorted map keys, no line folding and YAML 1.1-safe quoting. */
export function canonicalYaml(value: unknown): string {
  return stringify(value, {
    version: "1.1",
    sortMapEntries: true,
    lineWidth: 0,
    indent: 2,
    indentSeq: true,
    aliasDuplicateObjects: false,
  });
}
