import { describe, expect, it } from "vitest";
import { compareCodePoints, compareEntryKeys } from "./code-point-order.js";

describe("compareCodePoints", () => {
  it("orders ASCII by code point where locales disagree (Czech ch, Lithuanian y, Turkish i)", () => {
    // Given words a Czech, Lithuanian or Hawaiian collation orders otherwise
    const words = ["hotel", "chata", "ypsilon", "idem", "Istanbul", "ıslak", "a", "Z", "aa"];
    // When sorted
    const sorted = [...words].sort(compareCodePoints);
    // Then by code point: upper case before lower case, "ch" among the c's, dotless ı last
    expect(sorted).toEqual(["Istanbul", "Z", "a", "aa", "chata", "hotel", "idem", "ypsilon", "ıslak"]);
  });

  it("ranks a character above U+FFFF after U+E000–U+FFFF, unlike UTF-16 unit order", () => {
    const astral = "\u{1F600}";
    const privateUse = "\uE000";
    expect([astral, privateUse].sort()).toEqual([astral, privateUse]);
    expect([astral, privateUse].sort(compareCodePoints)).toEqual([privateUse, astral]);
  });

  it("puts a prefix first and gives 0 for equal strings", () => {
    expect(compareCodePoints("ab", "abc")).toBeLessThan(0);
    expect(compareCodePoints("abc", "ab")).toBeGreaterThan(0);
    expect(compareCodePoints("same", "same")).toBe(0);
  });

  it("sorts object entries by key", () => {
    expect(Object.entries({ b: 1, B: 2, a: 3 }).sort(compareEntryKeys)).toEqual([
      ["B", 2],
      ["a", 3],
      ["b", 1],
    ]);
  });
});
