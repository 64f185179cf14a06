/**
 * A block-style YAML emitter for JSON data, the only thing rendered files hold. The `yaml`
 * package's stringify costs ~0.3 ms per object, which dominates a 50,000-object render; this one
 * is a plain recursive walk. Its output is checked to parse back to the same data under both YAML
 * 1.1 (Kubernetes' parser) and 1.2 (see yaml-emitter.test.ts).
 */

const INDENT = "  ";

/**
 * Strings that a YAML 1.1 or 1.2 parser would read as something else (booleans, nulls, numbers,
 * base-60 numbers, timestamps, merge keys) and so must be quoted.
 */
const AMBIGUOUS =
  /^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF|null|Null|NULL|~|<<|=|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$/;
const NUMBER_LIKE = /^[-+]?[0-9.][0-9a-fA-FxXoObB_.:,eE+-]*$/;
const TIMESTAMP_LIKE = /^\d{4}-\d\d?-\d\d?(?:[Tt ]|$)/;
/** Characters a plain scalar may not start with. */
const INDICATOR_START = /^[-?:,[\]{}#&*!|>'"%@`\s]/;
/** True for control characters (but tab and newline) and the separators YAML 1.1 breaks lines on. */
function hasUnprintable(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (
      (c < 0x20 && c !== 0x09 && c !== 0x0a) ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      c === 0xfeff
    ) {
      return true;
    }
  }
  return false;
}

function isPlainSafe(s: string): boolean {
  return (
    s !== "" &&
    !INDICATOR_START.test(s) &&
    !/\s$/.test(s) &&
    !s.endsWith(":") &&
    !s.includes(": ") &&
    !s.includes(" #") &&
    !s.includes("\t") &&
    !s.includes("\n") &&
    !hasUnprintable(s) &&
    !AMBIGUOUS.test(s) &&
    !NUMBER_LIKE.test(s) &&
    !TIMESTAMP_LIKE.test(s)
  );
}

/** A double-quoted scalar: JSON's escapes are YAML's, plus the line separators YAML 1.1 breaks on. */
function quoted(s: string): string {
  return JSON.stringify(s).replace(
    /[\u2028\u2029\u0085\ufeff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** A string as a scalar on one line. */
function inlineString(s: string): string {
  return isPlainSafe(s) ? s : quoted(s);
}

/** Multi-line text that a literal block scalar (`|`) can carry exactly. */
function literalBlock(s: string, indent: string): string | undefined {
  if (!s.includes("\n") || hasUnprintable(s)) return undefined;
  const trailing = /\n*$/.exec(s)?.[0].length ?? 0;
  const chomp = trailing === 0 ? "-" : trailing === 1 ? "" : "+";
  const body = trailing > 0 ? s.slice(0, -1) : s;
  const lines = body.split("\n");
  // Whitespace-only lines are read back as empty by some parsers: quote such text instead.
  if (lines.some((l) => l !== "" && l.trim() === "")) return undefined;
  const firstText = lines.find((l) => l !== "");
  if (firstText === undefined) return undefined;
  // A first content line that starts with a space would be taken for the indentation.
  const indicator = /^[ \t]/.test(firstText) ? "2" : "";
  const content = lines.map((l) => (l === "" ? "" : `${indent}${INDENT}${l}`)).join("\n");
  return `|${indicator}${chomp}\n${content}`;
}

function scalar(value: unknown): string | undefined {
  if (value === null || value === undefined) return "null";
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error(`cannot render the number ${value}`);
    return String(value);
  }
  if (typeof value === "string") return inlineString(value);
  if (Array.isArray(value)) return value.length === 0 ? "[]" : undefined;
  if (typeof value === "object") return Object.keys(value).length === 0 ? "{}" : undefined;
  throw new Error(`cannot render a ${typeof value}`);
}

function emitMap(map: Record<string, unknown>, indent: string, out: string[]): void {
  for (const [key, value] of Object.entries(map)) {
    if (value === undefined) continue;
    const k = inlineString(key);
    const block = typeof value === "string" ? literalBlock(value, indent) : undefined;
    const line = block ?? scalar(value);
    if (line !== undefined) {
      out.push(`${indent}${k}: ${line}`);
    } else if (Array.isArray(value)) {
      out.push(`${indent}${k}:`);
      emitSeq(value, indent + INDENT, out);
    } else {
      out.push(`${indent}${k}:`);
      emitMap(value as Record<string, unknown>, indent + INDENT, out);
    }
  }
}

function emitSeq(items: readonly unknown[], indent: string, out: string[]): void {
  for (const item of items) {
    const block = typeof item === "string" ? literalBlock(item, indent) : undefined;
    const line = block ?? scalar(item);
    if (line !== undefined) {
      out.push(`${indent}- ${line}`);
      continue;
    }
    // A collection item starts on the dash line: its first line moves up next to "- ".
    const nested: string[] = [];
    if (Array.isArray(item)) emitSeq(item, indent + INDENT, nested);
    else emitMap(item as Record<string, unknown>, indent + INDENT, nested);
    const [first = "", ...rest] = nested;
    out.push(`${indent}- ${first.slice(indent.length + INDENT.length)}`, ...rest);
  }
}

/** One YAML document (without the `---` marker) for JSON-compatible data, in block style. */
export function emitYaml(value: unknown): string {
  const line = scalar(value);
  if (line !== undefined) return `${line}\n`;
  const out: string[] = [];
  if (Array.isArray(value)) emitSeq(value, "", out);
  else emitMap(value as Record<string, unknown>, "", out);
  return `${out.join("\n")}\n`;
}
