import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";
import { SopsError } from "./errors.js";

// An age X25519 identity: Bech32 with the upper-case HRP "AGE-SECRET-KEY-", 32 key bytes.
const AGE_IDENTITY = /^AGE-SECRET-KEY-1[QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L]{58}$/;

/** The key file sops reads when neither variable is set: `$XDG_CONFIG_HOME/sops/age/keys.txt`. */
export function defaultAgeKeyFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "sops", "age", "keys.txt");
}

/** Identities in a key text; lines that are not AGE-SECRET-KEY-… are comments (`# public key: …`). */
function identitiesIn(text: string, source: string): string[] {
  const found: string[] = [];
  for (const [index, raw] of text.split(/\r?\n/).entries()) {
    const line = raw.trim();
    if (!line.startsWith("AGE-SECRET-KEY-")) continue;
    if (!AGE_IDENTITY.test(line))
      throw new SopsError(
        `${source}, line ${index + 1}: not a valid age identity (AGE-SECRET-KEY-1…)`,
        "key",
      );
    found.push(line);
  }
  if (found.length === 0)
    throw new SopsError(`${source} holds no age identity (a line AGE-SECRET-KEY-1…)`, "key");
  return found;
}

async function readKeyFile(file: string, named: string): Promise<string | undefined> {
  try {
    return await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && named === "") return undefined;
    const what = named === "" ? file : `${named} points to ${file}, which`;
    if (code === "ENOENT")
      throw new SopsError(`${what} does not exist: correct the path or unset ${named}`, "key");
    throw new SopsError(`${what} cannot be read (${code ?? String(error)}): check its permissions`, "key");
  }
}

/**
 * age identities the way `sops` finds them: SOPS_AGE_KEY (inline), SOPS_AGE_KEY_FILE and
 * ~/.config/sops/age/keys.txt (under XDG_CONFIG_HOME when set). Having none is not an error
 * here (the list is empty); a source that is set but unusable is: a SOPS_AGE_KEY_FILE that does
 * not exist or cannot be read, or a source that holds no valid identity throws a SopsError
 * naming it.
 */
export async function loadAgeIdentities(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const found: string[] = [];
  if (env.SOPS_AGE_KEY) found.push(...identitiesIn(env.SOPS_AGE_KEY, "SOPS_AGE_KEY"));
  if (env.SOPS_AGE_KEY_FILE) {
    const text = await readKeyFile(env.SOPS_AGE_KEY_FILE, "SOPS_AGE_KEY_FILE");
    if (text !== undefined) found.push(...identitiesIn(text, `SOPS_AGE_KEY_FILE ${env.SOPS_AGE_KEY_FILE}`));
  }
  const defaultFile = defaultAgeKeyFile(env);
  const text = await readKeyFile(defaultFile, "");
  if (text !== undefined) found.push(...identitiesIn(text, defaultFile));
  return [...new Set(found)];
}

/** Like {@link loadAgeIdentities}, but having no identity at all is an error that names the three ways to provide one. */
export async function requireAgeIdentities(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const found = await loadAgeIdentities(env);
  if (found.length > 0) return found;
  throw new SopsError(
    `no age identity found: set SOPS_AGE_KEY_FILE to the path of your age key file, set SOPS_AGE_KEY to the key itself (AGE-SECRET-KEY-1…), or put the key in ${defaultAgeKeyFile(env)}`,
    "key",
  );
}
