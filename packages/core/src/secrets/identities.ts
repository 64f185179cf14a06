import { readFile } from "node:fs/promises";
import { homedir } from "node:os";
import { join } from "node:path";

/**
 * age identities the way `sops` finds them: SOPS_AGE_KEY (inline), SOPS_AGE_KEY_FILE, then
 * ~/.config/sops/age/keys.txt. Lines other than AGE-SECRET-KEY-… are comments.
 */
export async function loadAgeIdentities(env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const texts: string[] = [];
  if (env.SOPS_AGE_KEY) texts.push(env.SOPS_AGE_KEY);
  const files = [
    env.SOPS_AGE_KEY_FILE,
    join(env.XDG_CONFIG_HOME ?? join(homedir(), ".config"), "sops", "age", "keys.txt"),
  ];
  for (const file of files) {
    if (!file) continue;
    const text = await readFile(file, "utf8").catch(() => undefined);
    if (text !== undefined) texts.push(text);
  }
  return texts.flatMap((t) =>
    t
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l.startsWith("AGE-SECRET-KEY-")),
  );
}
