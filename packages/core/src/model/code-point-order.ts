/**
 * Orders two strings by Unicode code point, the same on every machine: `localeCompare` follows the
 * process's locale (LANG, LC_ALL), so Czech, Lithuanian or Hawaiian collation would reorder
 * rendered lists, and the default `sort()` compares UTF-16 units, which puts characters above
 * U+FFFF before U+E000–U+FFFF. Use it wherever output or messages are ordered.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x === y) continue;
    // Both differ here: a surrogate (a character above U+FFFF) ranks above every BMP unit.
    return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** A UTF-16 unit's rank: surrogates after every other unit, each group in its own order. */
function codePointRank(unit: number): number {
  return unit >= 0xd800 && unit <= 0xdfff ? unit + 0x10000 : unit;
}

/** Compares `[key, value]` entries by key, code point order (for `Object.entries(…).sort(…)`). */
export function compareEntryKeys(a: readonly [string, unknown], b: readonly [string, unknown]): number {
  return compareCodePoints(a[0], b[0]);
}
