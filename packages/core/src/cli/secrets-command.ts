import { readdir, readFile, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import { createInterface } from "node:readline/promises";
import writeFileAtomic from "write-file-atomic";
import { decryptSopsYaml } from "../secrets/decrypt.js";
import { encryptSopsYaml } from "../secrets/encrypt.js";
import { adviceFor, locatedMessage, SopsError } from "../secrets/errors.js";
import { loadAgeIdentities, requireAgeIdentities } from "../secrets/identities.js";
import { inspectSopsYaml } from "../secrets/inspect.js";
import { rotateSopsYaml } from "../secrets/rotate.js";
import { type CreationRule, findSopsConfig, ruleFor } from "../secrets/sops-config.js";
import { type Keyring, keyringOf, verifyMac } from "../secrets/verify-mac.js";
import type { CliOutput } from "./output.js";
import { type EditIo, editSecretFile } from "./secrets-edit.js";
import { SECRETS_USAGE } from "./usage.js";

interface Io {
  readonly out: CliOutput;
  readonly err: CliOutput;
  /** Asks a yes/no question (`secrets edit` on invalid edits). @default the terminal's stdin, when it is one */
  readonly ask?: EditIo["ask"];
  /** Where the age keys, VISUAL and EDITOR are read. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

async function ruleOf(file: string): Promise<CreationRule> {
  const config = await findSopsConfig(file);
  if (!config) throw new Error("no .sops.yaml at or above this file: add one with a creation rule for it");
  const rule = ruleFor(config, file);
  if (!rule)
    throw new Error(`no creation rule of ${config.dir}/.sops.yaml matches this path: add one for it`);
  return rule;
}

/** Asks on the terminal; Ctrl-C there ends the command as SIGINT would (removing any plaintext). */
async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  rl.on("SIGINT", () => process.kill(process.pid, "SIGINT"));
  try {
    return !/^n/i.test((await rl.question(question)).trim());
  } catch {
    return false; // stdin closed (Ctrl-D)
  } finally {
    rl.close();
  }
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
  // Code-point order, the same on every machine.
  return [...new Set(found)].sort();
}

/** What {@link checkSopsFile} found about one file. */
export interface SopsFileCheck {
  /** Each problem with what to do, without the file name. */
  readonly problems: readonly string[];
  /** Whether its MAC was verified: "no-key" when no identity at hand opens it, or it was not reached. */
  readonly mac: "verified" | "no-key";
}

/** Problems of one encrypted file: structure, recipients against its rule, and the MAC when a key of its recipients is at hand. */
export async function checkSopsFile(file: string, keyring: Keyring | undefined): Promise<SopsFileCheck> {
  const text = await readFile(file, "utf8");
  const inspection = inspectSopsYaml(text);
  if (inspection.unreadable !== undefined)
    return { problems: [`${inspection.unreadable}: fix it, or restore it from git`], mac: "no-key" };
  if (!inspection.isSops)
    return {
      problems: [`not SOPS-encrypted (no sops metadata): ${adviceFor("not-sops", file)}`],
      mac: "no-key",
    };
  const problems = [...inspection.problems];
  try {
    const rule = await ruleOf(file);
    const expected = [...rule.recipients].sort().join(",");
    const actual = [...inspection.recipients].sort().join(",");
    if (expected !== actual)
      problems.push(
        `encrypted to [${actual}], but its rule names [${expected}]: run "helix-cluster secrets rotate ${file}"`,
      );
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (!keyring || problems.length > 0) return { problems, mac: "no-key" };
  try {
    return { problems, mac: await verifyMac(text, inspection.recipients, keyring) };
  } catch (error) {
    if (!(error instanceof SopsError)) throw error;
    return { problems: [`${error.message}: ${adviceFor(error.reason, file)}`], mac: "no-key" };
  }
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

/** Runs `action` on each file, reporting each failure located by its file; 1 when any failed. */
async function eachFile(
  files: readonly string[],
  io: Io,
  action: (file: string) => Promise<void>,
): Promise<number> {
  let failed = 0;
  for (const file of files) {
    try {
      await action(file);
    } catch (error) {
      io.err.write(`${locatedMessage(file, error)}\n`);
      failed++;
    }
  }
  return failed > 0 ? 1 : 0;
}

async function runSecrets(args: readonly string[], io: Io): Promise<number> {
  const [action, ...files] = args;
  const env = io.env ?? process.env;
  const oneFile = action === "decrypt" || action === "edit";
  if (!action || files.length === 0 || (oneFile && files.length > 1)) {
    io.err.write(`${oneFile ? `secrets ${action} takes one file\n` : ""}usage:\n${SECRETS_USAGE}\n`);
    return 2;
  }
  switch (action) {
    case "encrypt":
      return eachFile(files, io, async (file) => {
        const rule = await ruleOf(file);
        const encrypted = await encryptSopsYaml(await readFile(file, "utf8"), {
          recipients: rule.recipients,
          ...(rule.encryptedRegex ? { encryptedRegex: rule.encryptedRegex } : {}),
        });
        await writeFileAtomic(file, encrypted);
        io.out.write(`encrypted ${file} for ${rule.recipients.length} recipient(s)\n`);
      });
    case "decrypt": {
      const ids = await requireAgeIdentities(env);
      return eachFile(files, io, async (file) => {
        io.out.write(await decryptSopsYaml(await readFile(file, "utf8"), ids));
      });
    }
    case "edit": {
      const [file = ""] = files;
      const ids = await requireAgeIdentities(env);
      const ask = io.ask ?? (process.stdin.isTTY ? askOnTerminal : undefined);
      const editIo: EditIo = { out: io.out, err: io.err, env, ...(ask ? { ask } : {}) };
      let code = 1;
      const failed = await eachFile([file], io, async () => {
        code = await editSecretFile(file, await ruleOf(file), ids, editIo);
      });
      return failed || code;
    }
    case "rotate": {
      const ids = await requireAgeIdentities(env);
      return eachFile(files, io, async (file) => {
        const rule = await ruleOf(file);
        await writeFileAtomic(file, await rotateSopsYaml(await readFile(file, "utf8"), ids, rule.recipients));
        io.out.write(`rotated ${file} to ${rule.recipients.length} recipient(s)\n`);
      });
    }
    case "check":
      return checkFiles(files, env, io);
    default:
      io.err.write(`unknown secrets action "${action}"\nusage:\n${SECRETS_USAGE}\n`);
      return 2;
  }
}

async function checkFiles(paths: readonly string[], env: NodeJS.ProcessEnv, io: Io): Promise<number> {
  const ids = await loadAgeIdentities(env);
  const keyring = ids.length > 0 ? await keyringOf(ids) : undefined;
  const found = await findSopsFiles(paths);
  let bad = 0;
  let verified = 0;
  for (const file of found) {
    const { problems, mac } = await checkSopsFile(file, keyring);
    for (const p of problems) io.err.write(`${file}: ${p}\n`);
    if (problems.length > 0) bad++;
    if (mac === "verified") verified++;
  }
  const unverified = found.length - bad - verified;
  const macs = !keyring
    ? "MACs not verified (no age key)"
    : unverified === 0
      ? "MACs verified"
      : verified === 0
        ? "MACs not verified (no age key of their recipients)"
        : `MACs of ${verified} verified, ${unverified} not (no age key of their recipients)`;
  const copies = await checkClusterCopies(paths, ids, io);
  io.out.write(
    `checked ${found.length} secret file${found.length === 1 ? "" : "s"}: ${bad} with problems; ${macs}${copies.summary}\n`,
  );
  return bad > 0 || copies.bad > 0 ? 1 : 0;
}

/** Cluster entries at or one folder under the given folders (`cluster.ts`, `<name>/cluster.ts`). */
async function clusterEntriesUnder(paths: readonly string[]): Promise<string[]> {
  const entries: string[] = [];
  for (const p of paths) {
    if (!(await stat(p)).isDirectory()) continue;
    const direct = resolve(p, "cluster.ts");
    if (await exists(direct)) entries.push(direct);
    for (const e of await readdir(p, { withFileTypes: true }))
      if (e.isDirectory() && e.name !== "node_modules" && (await exists(resolve(p, e.name, "cluster.ts"))))
        entries.push(resolve(p, e.name, "cluster.ts"));
  }
  return [...new Set(entries)].sort();
}

const exists = (file: string): Promise<boolean> =>
  stat(file).then(
    (s) => s.isFile(),
    () => false,
  );

/**
 * The copies check of the clusters found under the paths: every Secret key declared as a copy of
 * another Secret's key (one source per credential) equals its source, decrypted with the keys at
 * hand. Writes each problem as `<file>: <message>`; the summary says how many were compared.
 */
async function checkClusterCopies(
  paths: readonly string[],
  identities: readonly string[],
  io: Io,
): Promise<{ bad: number; summary: string }> {
  const entries = await clusterEntriesUnder(paths);
  if (entries.length === 0) return { bad: 0, summary: "" };
  const [{ loadClusterEntry }, { assembleCluster }, { checkSecretCopies }, { copySummary }] =
    await Promise.all([
      import("../render/load-entry.js"),
      import("../render/assemble.js"),
      import("../validate/secret-copies.js"),
      import("./mac-summary.js"),
    ]);
  let bad = 0;
  const total = { compared: 0, uncompared: 0 };
  for (const entry of entries) {
    const dir = dirname(entry);
    const assembled = assembleCluster(await loadClusterEntry(entry));
    const { problems, copies } = await checkSecretCopies(
      assembled.secrets,
      (path) => readFile(resolve(dir, path), "utf8").catch(() => undefined),
      identities,
    );
    for (const p of problems) io.err.write(`${resolve(dir, p.secret.sourcePath)}: ${p.message}\n`);
    bad += problems.length;
    total.compared += copies.compared;
    total.uncompared += copies.uncompared;
  }
  return { bad, summary: copySummary(total) };
}
