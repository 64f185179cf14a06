import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import writeFileAtomic from "write-file-atomic";
import { decryptSopsYaml } from "../secrets/decrypt.js";
import { encryptSopsYaml } from "../secrets/encrypt.js";
import { SopsError } from "../secrets/errors.js";
import type { CreationRule } from "../secrets/sops-config.js";
import { editedSecretProblems } from "./edited-secret.js";
import { editorCommand } from "./editor-command.js";
import type { CliOutput } from "./output.js";
import { PlaintextScratch } from "./plaintext-scratch.js";

/** What `secrets edit` talks to. */
export interface EditIo {
  readonly out: CliOutput;
  readonly err: CliOutput;
  /** Asks a yes/no question on the terminal; absent when stdin is not a terminal. */
  readonly ask?: (question: string) => Promise<boolean>;
  /** Where VISUAL and EDITOR are read, and the editor's environment. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** The edited text encrypted for the rule, or what keeps it from being a valid Secret. */
async function encryptEdited(edited: string, rule: CreationRule): Promise<{ encrypted: string } | string[]> {
  const problems = await editedSecretProblems(edited);
  if (problems.length > 0) return problems;
  try {
    const encrypted = await encryptSopsYaml(edited, {
      recipients: rule.recipients,
      ...(rule.encryptedRegex ? { encryptedRegex: rule.encryptedRegex } : {}),
    });
    return { encrypted };
  } catch (error) {
    if (error instanceof SopsError) return [error.message];
    throw error;
  }
}

/**
 * `secrets edit`: decrypts `file` into a private temporary file, runs the editor on it and, when
 * the text changed and is a valid Secret, re-encrypts it for `rule` and replaces `file` atomically
 * (a temporary file beside it, renamed). Invalid edits reopen the editor when the user agrees on a
 * terminal; otherwise nothing is written and the exit code is 1. The plaintext copy is removed on
 * every way out, signals included (see {@link PlaintextScratch}).
 */
export async function editSecretFile(
  file: string,
  rule: CreationRule,
  identities: readonly string[],
  io: EditIo,
): Promise<number> {
  const editor = editorCommand(io.env);
  const plain = await decryptSopsYaml(await readFile(file, "utf8"), identities);
  const scratch = await PlaintextScratch.create(
    basename(file).replace(/\.sops\.yaml$/, ".yaml"),
    plain,
    `${file} unchanged`,
  );
  try {
    for (;;) {
      const exit = await scratch.edit(editor, io.env);
      if (exit.code !== 0) {
        const how = exit.signal ? `was ended by ${exit.signal}` : `exited with status ${String(exit.code)}`;
        io.err.write(`${file}: the editor ${how}: nothing written, ${file} unchanged\n`);
        return 1;
      }
      const edited = await readFile(scratch.file, "utf8");
      if (edited === plain) {
        io.out.write(`${file} unchanged\n`);
        return 0;
      }
      const outcome = await encryptEdited(edited, rule);
      if (!Array.isArray(outcome)) {
        await writeFileAtomic(file, outcome.encrypted);
        io.out.write(`re-encrypted ${file}\n`);
        return 0;
      }
      io.err.write(
        `${file}: the edited text is not a valid Secret:\n${outcome.map((p) => `  - ${p}\n`).join("")}`,
      );
      if (io.ask && (await io.ask("Reopen the editor to fix it? [Y/n] "))) continue;
      const why = io.ask ? "" : " (stdin is not a terminal, so the editor is not reopened)";
      io.err.write(`nothing written${why}: ${file} unchanged, the edits were discarded\n`);
      return 1;
    }
  } finally {
    await scratch.dispose();
  }
}
