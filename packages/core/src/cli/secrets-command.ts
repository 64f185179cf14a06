import { spawnSync } from "node:child_process";
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { decryptSopsYaml } from "../secrets/decrypt.js";
import { encryptSopsYaml } from "../secrets/encrypt.js";
import { loadAgeIdentities } from "../secrets/identities.js";
import { inspectSopsYaml } from "../secrets/inspect.js";
import { rotateSopsYaml } from "../secrets/rotate.js";
import { type CreationRule, findSopsConfig, ruleFor } from "../secrets/sops-config.js";
import type { CliOutput } from "./output.js";
import { SECRETS_USAGE } from "./usage.js";

interface Io {
  readonly out: CliOutput;
  readonly err: CliOutput;
}

async function ruleOf(file: string): Promise<CreationRule> {
  const config = await findSopsConfig(file);
  const rule = config && ruleFor(config, file);
  if (!rule) throw new Error(`${file}: no creation rule of a .sops.yaml matches this path`);
  return rule;
}

async function identities(): Promise<string[]> {
  const ids = await loadAgeIdentities();
  if (ids.length === 0) throw new Error("no age identity: set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY");
  return ids;
}

/** Every `*.sops.yaml` file at or under the given paths, sorted. */
export async function findSopsFiles(paths: readonly string[]): Promise<string[]> {
  const found: string[] = [];
  for (const p of paths) {
    const info = await stat(p);
    if (info.isFile()) found.push(resolve(p));
    else {
      for (const entry of await readdir(p, { recursive: true, withFileTypes: true })) {
        if (
          entry.isFile() &&
          entry.name.endsWith(".sops.yaml") &&
          entry.name !== ".sops.yaml" &&
          !entry.parentPath.includes("node_modules")
        ) {
          found.push(resolve(entry.parentPath, entry.name));
        }
      }
    }
  }
  return [...new Set(found)].sort();
}

/** Problems of one encrypted file: structure, recipients against its rule, and the MAC when a key is at hand. */
export async function checkSopsFile(file: string, ids: readonly string[]): Promise<string[]> {
  const text = await readFile(file, "utf8");
  const inspection = inspectSopsYaml(text);
  if (!inspection.isSops) return ["not SOPS-encrypted"];
  const problems = [...inspection.problems];
  const config = await findSopsConfig(file);
  const rule = config && ruleFor(config, file);
  if (!rule) problems.push("no creation rule of a .sops.yaml matches this path");
  else {
    const expected = [...rule.recipients].sort().join(",");
    const actual = [...inspection.recipients].sort().join(",");
    if (expected !== actual) problems.push(`encrypted to [${actual}], but its rule names [${expected}]`);
  }
  if (ids.length > 0 && problems.length === 0) {
    try {
      await decryptSopsYaml(text, ids);
    } catch (error) {
      problems.push(error instanceof Error ? error.message : String(error));
    }
  }
  return problems;
}

/** Runs `helix-cluster secrets <action> …`; returns the exit code (1 with the reason on stderr on failure). */
export async function secretsCommand(args: readonly string[], io: Io): Promise<number> {
  try {
    return await runSecrets(args, io);
  } catch (error) {
    io.err.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

async function runSecrets(args: readonly string[], io: Io): Promise<number> {
  const [action, ...files] = args;
  if (!action || files.length === 0) {
    io.err.write(`usage:\n${SECRETS_USAGE}\n`);
    return 2;
  }
  switch (action) {
    case "encrypt":
      for (const file of files) {
        const rule = await ruleOf(file);
        const plain = await readFile(file, "utf8");
        const encrypted = await encryptSopsYaml(plain, {
          recipients: rule.recipients,
          ...(rule.encryptedRegex ? { encryptedRegex: rule.encryptedRegex } : {}),
        });
        await writeFile(file, encrypted);
        io.out.write(`encrypted ${file} for ${rule.recipients.length} recipient(s)\n`);
      }
      return 0;
    case "decrypt": {
      const [file] = files;
      io.out.write(await decryptSopsYaml(await readFile(file ?? "", "utf8"), await identities()));
      return 0;
    }
    case "edit": {
      const [file] = files;
      if (!file) return 2;
      const rule = await ruleOf(file);
      const plain = await decryptSopsYaml(await readFile(file, "utf8"), await identities());
      const dir = await mkdtemp(join(tmpdir(), "helix-secret-"));
      const temp = join(dir, "secret.yaml");
      try {
        await writeFile(temp, plain, { mode: 0o600 });
        const editor = process.env.VISUAL ?? process.env.EDITOR ?? "vi";
        const result = spawnSync(editor, [temp], { stdio: "inherit", shell: true });
        if (result.status !== 0)
          throw new Error(`${editor} exited with ${String(result.status)}; ${file} unchanged`);
        const edited = await readFile(temp, "utf8");
        if (edited === plain) {
          io.out.write(`${file} unchanged\n`);
          return 0;
        }
        await writeFile(
          file,
          await encryptSopsYaml(edited, {
            recipients: rule.recipients,
            ...(rule.encryptedRegex ? { encryptedRegex: rule.encryptedRegex } : {}),
          }),
        );
        io.out.write(`re-encrypted ${file}\n`);
        return 0;
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    }
    case "rotate": {
      const ids = await identities();
      for (const file of files) {
        const rule = await ruleOf(file);
        await writeFile(file, await rotateSopsYaml(await readFile(file, "utf8"), ids, rule.recipients));
        io.out.write(`rotated ${file} to ${rule.recipients.length} recipient(s)\n`);
      }
      return 0;
    }
    case "check": {
      const ids = await loadAgeIdentities();
      const found = await findSopsFiles(files);
      let bad = 0;
      for (const file of found) {
        const problems = await checkSopsFile(file, ids);
        for (const p of problems) io.err.write(`${file}: ${p}\n`);
        if (problems.length > 0) bad++;
      }
      const mac = ids.length > 0 ? "MACs verified" : "MACs not verified (no age key)";
      io.out.write(
        `checked ${found.length} secret file${found.length === 1 ? "" : "s"}: ${bad} with problems; ${mac}\n`,
      );
      return bad > 0 ? 1 : 0;
    }
    default:
      io.err.write(`unknown secrets action "${action}"\nusage:\n${SECRETS_USAGE}\n`);
      return 2;
  }
}
