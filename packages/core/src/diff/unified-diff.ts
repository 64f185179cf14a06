/** One line of a line diff: kept (" "), removed ("-") or added ("+"). */
export interface DiffLine {
  readonly op: " " | "-" | "+";
  readonly text: string;
}

/**
 * The shortest edit script turning `a` into `b` (Myers' O((N+M)·D) algorithm), as kept, removed and
 * added lines in order. Memory grows with D², not with the file size.
 */
export function diffLines(a: readonly string[], b: readonly string[]): DiffLine[] {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  // trace[d] holds v[k] for k in [-d-1, d+1] as it was before round d, at index k + d + 1.
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      const down = k === -d || (k !== d && (v[off + k - 1] ?? 0) < (v[off + k + 1] ?? 0));
      let x = down ? (v[off + k + 1] ?? 0) : (v[off + k - 1] ?? 0) + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
  }
  const out: DiffLine[] = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const row = trace[d] ?? new Int32Array(0);
    const at = (k: number): number => row[k + d + 1] ?? 0;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = d === 0 ? 0 : at(prevK);
    const prevY = d === 0 ? 0 : prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push({ op: " ", text: a[x - 1] ?? "" });
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push({ op: "+", text: b[y - 1] ?? "" });
      else out.push({ op: "-", text: a[x - 1] ?? "" });
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/** Lines of a text, without the empty string after a final newline. */
export function splitLines(text: string): string[] {
  if (text === "") return [];
  const lines = text.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return lines;
}

/** Options of a unified diff. */
export interface UnifiedDiffOptions {
  /** Label of the old side ("--- …"). */
  readonly fromLabel: string;
  /** Label of the new side ("+++ …"). */
  readonly toLabel: string;
  /** Unchanged lines shown around each change. @default 3 */
  readonly context?: number;
}

/** A unified diff (`diff -u` format) of two texts; "" when they are equal. */
export function unifiedDiff(before: string, after: string, opts: UnifiedDiffOptions): string {
  if (before === after) return "";
  const lines = diffLines(splitLines(before), splitLines(after));
  const context = opts.context ?? 3;
  const changed = lines.flatMap((l, i) => (l.op === " " ? [] : [i]));
  if (changed.length === 0) return "";
  const out = [`--- ${opts.fromLabel}`, `+++ ${opts.toLabel}`];
  // Old/new line numbers before each diff line.
  const oldAt: number[] = [];
  const newAt: number[] = [];
  let o = 0;
  let w = 0;
  for (const l of lines) {
    oldAt.push(o);
    newAt.push(w);
    if (l.op !== "+") o++;
    if (l.op !== "-") w++;
  }
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, (changed[i] ?? 0) - context);
    let end = Math.min(lines.length, (changed[i] ?? 0) + context + 1);
    i++;
    while (i < changed.length && (changed[i] ?? 0) - context <= end) {
      end = Math.min(lines.length, (changed[i] ?? 0) + context + 1);
      i++;
    }
    const hunk = lines.slice(start, end);
    const oldCount = hunk.filter((l) => l.op !== "+").length;
    const newCount = hunk.filter((l) => l.op !== "-").length;
    const oldStart = (oldAt[start] ?? 0) + (oldCount > 0 ? 1 : 0);
    const newStart = (newAt[start] ?? 0) + (newCount > 0 ? 1 : 0);
    out.push(`@@ -${range(oldStart, oldCount)} +${range(newStart, newCount)} @@`);
    for (const l of hunk) out.push(`${l.op}${l.text}`);
  }
  return `${out.join("\n")}\n`;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}
