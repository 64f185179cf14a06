import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parseDocument } from "yaml";
import { describeYamlError } from "./yaml-tree.js";

/** One creation rule of a `.sops.yaml`, as far as age recipients go. */
export interface CreationRule {
  readonly pathRegex: RegExp;
  readonly encryptedRegex?: string;
  readonly recipients: readonly string[];
}

/** A `.sops.yaml` found for a file: where it is and its rules. */
export interface SopsConfig {
  readonly dir: string;
  readonly rules: readonly CreationRule[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function readRule(raw: unknown, field: string, problems: string[]): CreationRule | undefined {
  if (!isRecord(raw)) {
    problems.push(`${field} must be a mapping with path_regex and age`);
    return undefined;
  }
  const age =
    typeof raw.age === "string"
      ? raw.age
          .split(",")
          .map((s) => s.trim())
          .filter(Boolean)
      : [];
  if (age.length === 0) problems.push(`${field}.age names no age recipient (age: age1…[,age1…])`);
  let pathRegex = /(?:)/;
  if (raw.path_regex !== undefined) {
    try {
      pathRegex = new RegExp(String(raw.path_regex));
    } catch (error) {
      problems.push(`${field}.path_regex is not a valid regular expression (${(error as Error).message})`);
    }
  }
  return {
    pathRegex,
    ...(typeof raw.encrypted_regex === "string" ? { encryptedRegex: raw.encrypted_regex } : {}),
    recipients: age,
  };
}

/**
 * Parses the creation rules of a `.sops.yaml` (age recipients only; other key kinds are ignored).
 * Throws one Error naming the file and every problem in it: YAML syntax (with its line), a
 * `creation_rules` that is not a list, a rule without age recipients, an invalid path_regex.
 */
export function parseSopsConfig(text: string, dir: string): SopsConfig {
  const path = join(dir, ".sops.yaml");
  const doc = parseDocument(text);
  const [syntax] = doc.errors;
  if (syntax) throw new Error(`${path}: ${describeYamlError(syntax)}: fix this file`);
  const top: unknown = doc.toJS();
  const raw = isRecord(top) ? top.creation_rules : undefined;
  if (!Array.isArray(raw))
    throw new Error(`${path}: creation_rules must be a list of rules (path_regex, encrypted_regex, age)`);
  const problems: string[] = [];
  const rules = raw.flatMap((rule: unknown, i) => readRule(rule, `creation_rules[${i}]`, problems) ?? []);
  if (problems.length > 0) throw new Error(`${path}: ${problems.join("; ")}: fix this file`);
  return { dir, rules };
}

/** Finds the nearest `.sops.yaml` at or above the file's folder, as `sops` does. */
export async function findSopsConfig(file: string): Promise<SopsConfig | undefined> {
  let dir = dirname(resolve(file));
  for (;;) {
    const text = await readFile(join(dir, ".sops.yaml"), "utf8").catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT" || error.code === "ENOTDIR") return undefined;
      throw new Error(`${join(dir, ".sops.yaml")}: cannot be read (${error.code ?? error.message})`);
    });
    if (text !== undefined) return parseSopsConfig(text, dir);
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/** The first creation rule whose path_regex matches the file's path relative to the config. */
export function ruleFor(config: SopsConfig, file: string): CreationRule | undefined {
  const rel = relative(config.dir, resolve(file)).split(sep).join("/");
  return config.rules.find((r) => r.pathRegex.test(rel));
}
