import { parseAllDocuments } from "yaml";

/**
 * Some upstream CRDs (flagger's artifacts/flagger/crd.yaml) continue multi-line quoted scalars at the
 * same indentation as their key. Go's YAML parser accepts that; YAML 1.2 (and the `yaml` package)
 * does not. This indents such continuation lines one level deeper than their key so that the text
 * parses to the value Kubernetes sees. It is applied only to files that fail to parse as they are.
 */
export function reindentQuotedScalars(text: string): string {
  const lines = text.split("\n");
  let open: { quote: string; minIndent: number } | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i] ?? "";
    if (open) {
      const indent = /^ */.exec(line)?.[0].length ?? 0;
      if (line.trim() !== "" && indent < open.minIndent) {
        lines[i] = " ".repeat(open.minIndent - indent) + line;
      }
      if (closesQuote(line, open.quote)) open = undefined;
      continue;
    }
    const m = /^( *)(?:- )?[^\s'"#][^:]*:\s+(['"])(.*)$/.exec(line);
    if (m?.[1] !== undefined && m[2] && !closesQuote(m[3] ?? "", m[2])) {
      open = { quote: m[2], minIndent: m[1].length + 2 };
    }
  }
  return lines.join("\n");
}

function closesQuote(rest: string, quote: string): boolean {
  const stripped = quote === "'" ? rest.replaceAll("''", "") : rest.replace(/\\./g, "");
  return stripped.includes(quote);
}

export interface ParsedYaml {
  readonly documents: readonly unknown[];
  /** True when the text had to be re-indented to parse (see reindentQuotedScalars). */
  readonly reindented: boolean;
}

/** Parses every document of a YAML stream, failing loudly on any error. */
export function parseYamlStream(text: string, file: string): ParsedYaml {
  const attempt = (source: string) => parseAllDocuments(source);
  let docs = attempt(text);
  let reindented = false;
  if (!Array.isArray(docs) || docs.some((d) => d.errors.length > 0)) {
    docs = attempt(reindentQuotedScalars(text));
    reindented = true;
  }
  if (!Array.isArray(docs)) throw new Error(`${file}: not a YAML document stream`);
  const errors = docs.flatMap((d) => d.errors);
  if (errors.length > 0) throw new Error(`${file}: YAML errors: ${errors.map((e) => e.message).join("; ")}`);
  return { documents: docs.map((d) => d.toJSON() as unknown).filter((d) => d != null), reindented };
}
