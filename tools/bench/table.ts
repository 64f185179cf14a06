import { formatMemory, formatSeconds } from "./stats.js";

/** A target next to a figure, and whether the figure meets it. */
export interface TargetCheck {
  /** e.g. "≤ 1 s". */
  readonly label: string;
  readonly ok: boolean;
}

/** One line of the benchmark table; figures are medians over `runs`. */
export interface BenchRow {
  readonly name: string;
  readonly runs: number;
  /** Median wall time, milliseconds. */
  readonly timeMs?: number;
  /** Median user + system CPU time, milliseconds: less sensitive than wall time to other load on the machine. */
  readonly cpuMs?: number;
  /** Median peak resident memory, KiB. */
  readonly memoryKib?: number;
  /** A ratio shown instead of a time (e.g. cdk8s time / helix time). */
  readonly ratio?: number;
  readonly targets?: readonly TargetCheck[];
  readonly note?: string;
}

const HEADER = ["benchmark", "runs", "median time", "median CPU", "peak RSS", "target", "note"] as const;

/** The cells of a row, in column order. */
function cells(row: BenchRow): string[] {
  const time = row.ratio !== undefined ? `${row.ratio.toFixed(2)}×` : formatSeconds(row.timeMs);
  const targets = (row.targets ?? []).map((t) => `${t.label} ${t.ok ? "✓" : "✗"}`).join(", ");
  return [
    row.name,
    String(row.runs),
    time,
    formatSeconds(row.cpuMs),
    formatMemory(row.memoryKib),
    targets || "—",
    row.note ?? "",
  ];
}

/** The rows as an aligned plain-text table (numbers right-aligned), one line per row. */
export function formatTable(rows: readonly BenchRow[]): string {
  const table = [[...HEADER], ...rows.map(cells)];
  const widths = HEADER.map((_, c) => Math.max(...table.map((r) => [...(r[c] ?? "")].length)));
  const rightAligned = new Set([1, 2, 3, 4]);
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) => {
        const pad = " ".repeat((widths[c] ?? 0) - [...cell].length);
        return rightAligned.has(c) ? pad + cell : cell + pad;
      })
      .join("  ")
      .trimEnd();
  const rule = widths.map((w) => "─".repeat(w)).join("  ");
  return `${[line(table[0] ?? []), rule, ...table.slice(1).map(line)].join("\n")}\n`;
}

/** A "≤ limit" target on a figure; missing figures fail it. */
export function atMost(label: string, value: number | undefined, limit: number): TargetCheck {
  return { label: `≤ ${label}`, ok: value !== undefined && !Number.isNaN(value) && value <= limit };
}

/** A "≥ limit" target on a figure; missing figures fail it. */
export function atLeast(label: string, value: number | undefined, limit: number): TargetCheck {
  return { label: `≥ ${label}`, ok: value !== undefined && !Number.isNaN(value) && value >= limit };
}
