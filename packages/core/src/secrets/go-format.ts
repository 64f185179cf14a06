import { SopsError } from "./errors.js";

/**
 * Formats a float the way Go's `strconv.FormatFloat(f, 'f', -1, 64)` does, which is what
 * sops hashes into the MAC and encrypts. JS's shortest round-trip digits match Go's, but
 * JS switches to exponent notation for very large/small numbers where Go never does.
 */
export function formatGoFloat(n: number): string {
  if (Number.isNaN(n)) return "NaN";
  if (n === Number.POSITIVE_INFINITY) return "+Inf";
  if (n === Number.NEGATIVE_INFINITY) return "-Inf";
  if (Object.is(n, -0)) return "-0";
  const text = String(n);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign = "", lead = "", fraction = "", exponent = "0"] = match;
  const digits = lead + fraction;
  const point = 1 + Number(exponent);
  if (point <= 0) return `${sign}0.${"0".repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${"0".repeat(point - digits.length)}`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

const GO_FLOAT = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/** Parses a float as Go's `strconv.ParseFloat` does for the forms sops writes (incl. ±Inf, NaN). */
export function parseGoFloat(text: string): number {
  const special = /^([+-]?)(?:(inf|infinity)|(nan))$/i.exec(text);
  if (special) {
    if (special[3] !== undefined) return Number.NaN;
    return special[1] === "-" ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  }
  if (!GO_FLOAT.test(text)) throw new SopsError(`invalid float value ${JSON.stringify(text)}`);
  return Number(text);
}

/** Parses a bool as Go's `strconv.ParseBool` does (sops writes "True"/"False"). */
export function parseGoBool(text: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  throw new SopsError(`invalid bool value ${JSON.stringify(text)}`);
}

/** Parses an int as Go's `strconv.Atoi` does; bigint because sops ints are 64-bit. */
export function parseGoInt(text: string): bigint {
  if (!/^[+-]?\d+$/.test(text)) throw new SopsError(`invalid int value ${JSON.stringify(text)}`);
  return BigInt(text);
}
