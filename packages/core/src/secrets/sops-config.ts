import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { parse } from "yaml";
import { SopsError } from "./errors.js";

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

/** Parses the creation rules of a `.sops.yaml` (age recipients only; other key kinds are ignored). */
export function parseSopsConfig(text: string, dir: string): SopsConfig {
  const doc = parse(text) as { creation_rules?: unknown } | null;
  const raw = Array.isArray(doc?.creation_rules) ? doc.creation_rules : [];
  const rules = raw.map((r: unknown, i: number): CreationRule => {
    const rule = r as { path_regex?: unknown; encrypted_regex?: unknown; age?: unknown };
    const age =
      typeof rule.age === "string"
        ? rule.age
            .split(",")
            .map((s) => s.trim())
            .filter(Boolean)
        : [];
    if (age.length === 0)
      throw new SopsError(`${join(dir, ".sops.yaml")}: creation rule ${i} has no age recipients`);
    return {
      pathRegex: new RegExp(typeof rule.path_regex === "string" ? rule.path_regex : ""),
      ...(typeof rule.encrypted_regex === "string" ? { encryptedRegex: rule.encrypted_regex } : {}),
      recipients: age,
    };
  });
  return { dir, rules };
}

/** Finds the nearest `.sops.yaml` at or above the file's folder, as `sops` does. */
export async function findSopsConfig(file: string): Promise<SopsConfig | undefined> {
  let dir = dirname(resolve(file));
  for (;;) {
    const text = await readFile(join(dir, ".sops.yaml"), "utf8").catch(() => undefined);
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
