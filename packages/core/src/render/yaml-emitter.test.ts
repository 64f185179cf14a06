import { readdir, readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse, parseAllDocuments } from "yaml";
import { emitYaml } from "./yaml-emitter.js";

/** Parses as Kubernetes (YAML 1.1) and as YAML 1.2 would. */
const both = (text: string): [unknown, unknown] => [
  parse(text, { version: "1.1" }),
  parse(text, { version: "1.2" }),
];

function expectRoundTrip(value: unknown): void {
  const text = emitYaml(value);
  const [v11, v12] = both(text);
  expect(v11, text).toEqual(value);
  expect(v12, text).toEqual(value);
}

/** Small deterministic PRNG so a failure reproduces. */
function prng(seed: number): () => number {
  let s = seed;
  return () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
}

const PIECES = [
  "yes",
  "No",
  "on",
  "OFF",
  "y",
  "null",
  "~",
  "true",
  "1e3",
  "0x1F",
  "0o17",
  "017",
  "1_000",
  ".5",
  "-.inf",
  ".NaN",
  "1:20",
  "2001-12-14",
  "<<",
  "=",
  "-",
  "- ",
  "--- ",
  "?",
  ":",
  ": ",
  " #",
  "#",
  "'",
  '"',
  "\\",
  "{",
  "}",
  "[",
  "]",
  ",",
  "&a",
  "*a",
  "!t",
  "|",
  ">",
  "%",
  "@",
  "`",
  " ",
  "  ",
  "\t",
  "\n",
  "\n\n",
  "\r",
  "\u0007",
  "\u2028",
  "\u0085",
  "é",
  "中",
  "🙂",
  "a",
  "plain text",
  "key",
  "1.1.1.1:53",
  "http://x/y?z=1#f",
  "v1.2.3",
  "",
];

function randomString(rand: () => number): string {
  const n = Math.floor(rand() * 4);
  let s = "";
  for (let i = 0; i < n; i++) s += PIECES[Math.floor(rand() * PIECES.length)] ?? "";
  return s;
}

function randomValue(rand: () => number, depth: number): unknown {
  const r = rand();
  if (depth > 3 || r < 0.45) {
    const k = Math.floor(rand() * 6);
    return [randomString(rand), Math.floor(rand() * 1e6) - 5e5, rand() * 100, true, false, null][k];
  }
  if (r < 0.7) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  const obj: Record<string, unknown> = {};
  for (let i = Math.floor(rand() * 4); i > 0; i--) obj[randomString(rand)] = randomValue(rand, depth + 1);
  return obj;
}

describe("YAML emitter", () => {
  it("writes the canonical block layout", () => {
    expect(emitYaml({ a: 1, b: { c: [1, { d: "x", e: [] }], f: {} }, g: "two\nlines\n", h: "yes" })).toBe(
      'a: 1\nb:\n  c:\n    - 1\n    - d: x\n      e: []\n  f: {}\ng: |\n  two\n  lines\nh: "yes"\n',
    );
  });

  it("round-trips tricky strings and shapes under YAML 1.1 and 1.2", () => {
    for (const piece of PIECES) {
      expectRoundTrip({ [piece]: piece, list: [piece, [piece], { [piece]: [piece] }] });
      expectRoundTrip({ text: `${piece}\nsecond ${piece}\n\n` });
      expectRoundTrip([`  indented\n${piece}`, `${piece}\n  more`]);
    }
  });

  it("round-trips 3,000 random documents", () => {
    const rand = prng(20261126);
    for (let i = 0; i < 3000; i++) expectRoundTrip({ root: randomValue(rand, 0) });
  });

  it("round-trips every object the clusters render", async () => {
    const clusters = resolve(import.meta.dirname, "../../../../clusters");
    let count = 0;
    for (const cluster of await readdir(clusters)) {
      const dir = join(clusters, cluster, "rendered");
      for (const f of await readdir(dir, { recursive: true }).catch(() => [] as string[])) {
        if (!f.endsWith(".yaml") || f.endsWith(".sops.yaml")) continue;
        for (const doc of parseAllDocuments(await readFile(join(dir, f), "utf8"))) {
          expectRoundTrip(doc.toJS());
          count++;
        }
      }
    }
    expect(count).toBeGreaterThan(300);
  });
});
