import { SopsError } from "./errors.js";

/** The regex we use for Kubernetes Secrets: only `data`/`stringData` subtrees are encrypted. */
export const DEFAULT_ENCRYPTED_REGEX = "^(data|stringData)$";

/** The sops metadata keys that choose which values get encrypted (a file may use at most one). */
export const CRYPT_RULE_KEYS = [
  "unencrypted_suffix",
  "encrypted_suffix",
  "unencrypted_regex",
  "encrypted_regex",
] as const;

/** One of sops's four path rules, with the key it is stored under in the `sops:` block. */
export interface CryptRule {
  readonly key: (typeof CRYPT_RULE_KEYS)[number];
  readonly value: string;
}

/** The rule sops applies when a file names none: encrypt everything not ending in `_unencrypted`. */
export const SOPS_DEFAULT_RULE: CryptRule = { key: "unencrypted_suffix", value: "_unencrypted" };

/** Compiles a regex as sops would use it, turning a bad pattern into a SopsError. */
export function compileRuleRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern);
  } catch (error) {
    throw new SopsError(`invalid regex ${JSON.stringify(pattern)}: ${(error as Error).message}`);
  }
}

/**
 * Returns sops's `shouldBeEncrypted` decision for a rule: a value is matched by testing
 * every key on its path (list indices are not part of sops paths), so everything under
 * a matching key is encrypted too.
 */
export function compileCryptRule(rule: CryptRule): (path: readonly string[]) => boolean {
  const { key, value } = rule;
  switch (key) {
    case "unencrypted_suffix":
      return (path) => !path.some((part) => part.endsWith(value));
    case "encrypted_suffix":
      return (path) => path.some((part) => part.endsWith(value));
    case "unencrypted_regex": {
      const regex = compileRuleRegex(value);
      return (path) => !path.some((part) => regex.test(part));
    }
    case "encrypted_regex": {
      const regex = compileRuleRegex(value);
      return (path) => path.some((part) => regex.test(part));
    }
  }
}
