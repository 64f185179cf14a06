/** Multipliers of the Kubernetes quantity suffixes (binary and decimal SI, and milli). */
const SUFFIX: Readonly<Record<string, number>> = {
  "": 1,
  m: 1e-3,
  k: 1e3,
  M: 1e6,
  G: 1e9,
  T: 1e12,
  Ki: 2 ** 10,
  Mi: 2 ** 20,
  Gi: 2 ** 30,
  Ti: 2 ** 40,
};

/**
 * The value of a Kubernetes quantity ("100m" CPU, "48Gi" memory, "24"), for sums and comparisons.
 * Only the suffixes quotas and requests use here; anything else is refused rather than guessed.
 * (A few lines instead of the whole Kubernetes client, whose quantity helper needs its API types.)
 */
export function quantity(text: string): number {
  const m = /^(\d+(?:\.\d+)?)([a-zA-Z]*)$/.exec(text);
  const factor = m ? SUFFIX[m[2] ?? ""] : undefined;
  if (!m || factor === undefined)
    throw new Error(`"${text}" is not a quantity this package reads (e.g. 100m, 2, 512Mi, 48Gi)`);
  return Number(m[1]) * factor;
}
