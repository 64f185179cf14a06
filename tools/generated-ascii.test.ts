// Generated modules are pure ASCII: Node keeps such a module as one-byte text, where a single
// non-ASCII character makes it decode the whole file into two-byte text at every load.
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { asciiOnly } from "./generate/header.js";

const root = join(import.meta.dirname, "..");

describe("asciiOnly", () => {
  it("escapes each non-ASCII unit so that a string and a pattern mean what they did", () => {
    const source = 'const unit = "µs"; const quote = /[“”]/; const face = "😀";';
    const escaped = asciiOnly(source);
    expect(escaped).toBe(
      'const unit = "\\u00b5s"; const quote = /[\\u201c\\u201d]/; const face = "\\ud83d\\ude00";',
    );
    expect(escaped).toMatch(/^[\x20-\x7e]*$/);
    const before = new Function(`${source} return [unit, quote.test("”"), face];`)();
    const after = new Function(`${escaped} return [unit, quote.test("”"), face];`)();
    expect(after).toEqual(before);
  });
});

describe("the committed generated modules", () => {
  it("are ASCII only", async () => {
    const nonAscii: string[] = [];
    let checked = 0;
    for (const pkg of await readdir(join(root, "packages"))) {
      const dir = join(root, "packages", pkg, "src", "generated");
      const files = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
      for (const file of files.filter((f) => f.endsWith(".ts"))) {
        const bytes = await readFile(join(dir, file));
        checked++;
        if (bytes.some((b) => b > 0x7f)) nonAscii.push(join("packages", pkg, "src", "generated", file));
      }
    }
    // Core's models alone are over 200 modules: far fewer means the folders were not found.
    expect(checked).toBeGreaterThan(200);
    expect(nonAscii).toEqual([]);
  });
});
