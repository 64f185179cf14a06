import { describe, expect, it } from "vitest";
import { diffLines, unifiedDiff } from "./unified-diff.js";

/** Length of the longest common subsequence, by dynamic programming: the reference for minimality. */
function lcs(a: readonly string[], b: readonly string[]): number {
  const row = new Array<number>(b.length + 1).fill(0);
  for (const x of a) {
    let diag = 0;
    for (let j = 1; j <= b.length; j++) {
      const up = row[j] ?? 0;
      row[j] = x === b[j - 1] ? diag + 1 : Math.max(up, row[j - 1] ?? 0);
      diag = up;
    }
  }
  return row[b.length] ?? 0;
}

describe("diffLines", () => {
  it("given random texts, gives a minimal edit script that turns one into the other", () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed % n;
    };
    for (let round = 0; round < 300; round++) {
      const a = Array.from({ length: random(12) }, () => "abcd"[random(4)] ?? "");
      const b = Array.from({ length: random(12) }, () => "abcd"[random(4)] ?? "");
      const ops = diffLines(a, b);
      expect(ops.filter((o) => o.op !== "+").map((o) => o.text)).toEqual(a);
      expect(ops.filter((o) => o.op !== "-").map((o) => o.text)).toEqual(b);
      expect(ops.filter((o) => o.op === " ")).toHaveLength(lcs(a, b));
    }
  });
});

describe("unifiedDiff", () => {
  const labels = { fromLabel: "a/x.yaml", toLabel: "b/x.yaml" };

  it("is empty for equal texts", () => {
    expect(unifiedDiff("a\nb\n", "a\nb\n", labels)).toBe("");
  });

  it("numbers hunks like diff -u, with three lines of context, merging close changes", () => {
    const before = `${["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12"].join("\n")}\n`;
    const after = `${["1", "2", "3", "4", "five", "6", "7", "8", "9", "10", "11", "12", "13"].join("\n")}\n`;
    expect(unifiedDiff(before, after, labels)).toBe(
      [
        "--- a/x.yaml",
        "+++ b/x.yaml",
        "@@ -2,7 +2,7 @@",
        " 2",
        " 3",
        " 4",
        "-5",
        "+five",
        " 6",
        " 7",
        " 8",
        "@@ -10,3 +10,4 @@",
        " 10",
        " 11",
        " 12",
        "+13",
        "",
      ].join("\n"),
    );
  });

  it("handles a text created from nothing and one emptied", () => {
    expect(unifiedDiff("", "a\n", labels)).toContain("@@ -0,0 +1 @@\n+a\n");
    expect(unifiedDiff("a\nb\n", "", labels)).toContain("@@ -1,2 +0,0 @@\n-a\n-b\n");
  });
});
