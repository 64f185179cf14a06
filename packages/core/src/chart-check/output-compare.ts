/**
 * Compares `helm template` outputs as text, ignoring what changes between two runs of the same
 * values (random passwords, generated certificates and their checksums).
 */
export class OutputComparer {
  readonly #baseline: string;
  readonly #docs: string[];
  /** Document index → line indexes that differ between runs; "all" where even the line count does. */
  readonly #noise = new Map<number, Set<number> | "all">();

  /** Learns the noise from two outputs of the same values. */
  constructor(first: string, second: string) {
    this.#baseline = first;
    this.#docs = splitDocuments(first);
    const again = splitDocuments(second);
    this.#docs.forEach((doc, i) => {
      const other = again[i];
      if (other === undefined || other === doc) return;
      const a = doc.split("\n");
      const b = other.split("\n");
      if (a.length !== b.length) {
        this.#noise.set(i, "all");
        return;
      }
      this.#noise.set(i, new Set(a.flatMap((line, j) => (line === b[j] ? [] : [j]))));
    });
  }

  /** True if the output differs from the baseline beyond the noise. */
  differs(output: string): boolean {
    if (output === this.#baseline) return false;
    const docs = splitDocuments(output);
    if (docs.length !== this.#docs.length) return true;
    return docs.some((doc, i) => {
      const base = this.#docs[i];
      if (doc === base) return false;
      const noise = this.#noise.get(i);
      if (noise === undefined || base === undefined) return true;
      if (noise === "all") return false;
      const a = base.split("\n");
      const b = doc.split("\n");
      return a.length !== b.length || a.some((line, j) => line !== b[j] && !noise.has(j));
    });
  }
}

function splitDocuments(text: string): string[] {
  return text.split(/^---$/m);
}
