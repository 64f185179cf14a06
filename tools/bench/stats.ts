/** The median of some numbers (mean of the two middle ones for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? Number.NaN)
    : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/** "0.42 s", "12.3 s", or "—" for a missing figure. */
export function formatSeconds(ms: number | undefined): string {
  if (ms === undefined || Number.isNaN(ms)) return "—";
  const s = ms / 1000;
  return s < 10 ? `${s.toFixed(2)} s` : `${s.toFixed(1)} s`;
}

/** "183 MiB", "1.20 GiB", or "—" for a missing figure; input in KiB (as getrusage reports it). */
export function formatMemory(kib: number | undefined): string {
  if (kib === undefined || Number.isNaN(kib)) return "—";
  const mib = kib / 1024;
  return mib < 1024 ? `${Math.round(mib)} MiB` : `${(mib / 1024).toFixed(2)} GiB`;
}
