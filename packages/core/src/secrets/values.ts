import type { Scalar } from "yaml";
import { SopsError } from "./errors.js";
import { formatGoFloat, parseGoBool, parseGoFloat, parseGoInt } from "./go-format.js";

/** A leaf value as sops sees it, tagged with the type name sops writes into `ENC[...,type:...]`. */
export type SopsValue =
  | { readonly type: "str"; readonly value: string }
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "float"; readonly value: number }
  | { readonly type: "bool"; readonly value: boolean };

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Plain scalars that YAML 1.2 (the `yaml` package) and Go's yaml.v3 (sops) resolve differently:
// leading-zero ints (Go reads octal), `_` digit separators and 0b literals (Go reads ints),
// signed hex/octal (Go reads ints). Hashing our reading would give a MAC real sops rejects.
const AMBIGUOUS_PLAIN = /^[-+]?(?:0[0-9_]+|0b[01_]+|[0-9][0-9_]*_[0-9_]*)$|^[-+]0[xo]/i;

/**
 * Reads a YAML scalar as the sops value it stands for; `null` for YAML nulls, which sops
 * neither encrypts nor hashes. Documents must be parsed with `intAsBigInt` so ints and
 * floats stay distinguishable.
 */
export function readScalar(node: Scalar, location: string): SopsValue | null {
  const value: unknown = node.value;
  if (node.type === "PLAIN" && node.source !== undefined && AMBIGUOUS_PLAIN.test(node.source)) {
    throw new SopsError(`${location}: plain scalar ${node.source} is read differently by sops; quote it`);
  }
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return { type: "str", value };
  if (typeof value === "boolean") return { type: "bool", value };
  if (typeof value === "number") return { type: "float", value };
  if (typeof value === "bigint") {
    if (value < INT64_MIN || value > INT64_MAX) throw new SopsError(`${location}: integer exceeds 64 bits`);
    return { type: "int", value };
  }
  throw new SopsError(`${location}: unsupported scalar type ${typeof value}`);
}

/** Replaces a scalar's value, dropping the old style and tag so `yaml` picks a safe one for the new value. */
export function writeScalar(node: Scalar, value: SopsValue | string): void {
  node.value = typeof value === "string" ? value : value.value;
  node.type = undefined;
  node.tag = undefined;
  node.format = undefined;
  // Keep integral floats looking like floats ("1.0") so a re-read types them as float again.
  const integralFloat = typeof value !== "string" && value.type === "float" && Number.isInteger(value.value);
  node.minFractionDigits = integralFloat ? 1 : undefined;
}

/** The bytes sops encrypts and feeds into the MAC for a value (Go's formatting rules). */
export function valueText(value: SopsValue): string {
  switch (value.type) {
    case "str":
      return value.value;
    case "int":
      return value.value.toString();
    case "float":
      return formatGoFloat(value.value);
    case "bool":
      // sops inherited Python's "True"/"False" spelling.
      return value.value ? "True" : "False";
  }
}

/** Rebuilds a value from decrypted text and the `type:` field of its ENC string. */
export function valueFromText(type: string, text: string): SopsValue {
  switch (type) {
    case "str":
    case "bytes":
      return { type: "str", value: text };
    case "int":
    case "int64":
      return { type: "int", value: parseGoInt(text) };
    case "float":
      return { type: "float", value: parseGoFloat(text) };
    case "bool":
      return { type: "bool", value: parseGoBool(text) };
    default:
      throw new SopsError(`unsupported sops value type ${JSON.stringify(type)}`);
  }
}
