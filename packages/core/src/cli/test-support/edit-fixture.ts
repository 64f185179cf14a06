import { existsSync } from "node:fs";
import { mkdir, mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type AgeKeyPair, generateAgeKeyPair } from "../../secrets/age-keys.js";
import { encryptSopsYaml } from "../../secrets/encrypt.js";

/** What the fake editor saw on one run. */
export interface EditorRun {
  readonly args: readonly string[];
  readonly file: string;
  readonly fileMode: string;
  readonly dirMode: string;
  readonly seen: string;
  readonly pid: number;
}

/** One step of the fake editor (see fake-editor.mjs). */
export type EditorStep = { readonly write: string } | { readonly exit: number } | { readonly hang: true };

/** A repository folder with a .sops.yaml, one encrypted Secret, its key, and a scripted editor. */
export interface EditFixture {
  readonly dir: string;
  /** The encrypted Secret file. */
  readonly file: string;
  readonly key: AgeKeyPair;
  /** The Secret's plaintext, as `secrets decrypt` prints it. */
  readonly plain: string;
  /** A TMPDIR whose path has a space, for the plaintext copy. */
  readonly tmp: string;
  /** Environment for the command: the key, the fake editor with an argument, the TMPDIR. */
  readonly env: NodeJS.ProcessEnv;
  /** Sets the steps of the next editor runs. */
  plan(steps: readonly EditorStep[]): Promise<void>;
  /** Every editor run so far. */
  runs(): Promise<EditorRun[]>;
  /** Plaintext folders left in the TMPDIR (tsx's own cache folder there aside). */
  leftovers(): Promise<string[]>;
}

const FAKE_EDITOR = join(import.meta.dirname, "fake-editor.mjs");

/** The Secret every edit test starts from. */
export const PLAIN_SECRET =
  "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\nstringData:\n  password: correct-horse\n";

/** Creates an {@link EditFixture} in a fresh temporary folder. */
export async function makeEditFixture(): Promise<EditFixture> {
  const dir = await mkdtemp(join(tmpdir(), "helix-edit-"));
  const key = await generateAgeKeyPair();
  await writeFile(
    join(dir, ".sops.yaml"),
    `creation_rules:\n  - path_regex: ^secrets/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${key.recipient}\n`,
  );
  await mkdir(join(dir, "secrets"));
  const file = join(dir, "secrets", "db.sops.yaml");
  await writeFile(file, await encryptSopsYaml(PLAIN_SECRET, { recipients: [key.recipient] }));
  const tmp = join(dir, "tmp with space");
  await mkdir(tmp);
  const planFile = join(dir, "editor-plan.json");
  const log = join(dir, "editor-log.jsonl");
  // Quoted like a shell word, with an argument, as `code --wait` would be.
  const editor = `'${process.execPath}' '${FAKE_EDITOR}' --wait`;
  const env: NodeJS.ProcessEnv = {
    XDG_CONFIG_HOME: dir,
    SOPS_AGE_KEY: key.identity,
    EDITOR: editor,
    FAKE_EDITOR_PLAN: planFile,
    FAKE_EDITOR_LOG: log,
    TMPDIR: tmp,
  };
  return {
    dir,
    file,
    key,
    plain: PLAIN_SECRET,
    tmp,
    env,
    plan: (steps) => writeFile(planFile, JSON.stringify(steps)),
    runs: async () =>
      existsSync(log)
        ? (await readFile(log, "utf8"))
            // Only complete lines: the editor may be writing the last one while a test polls.
            .split("\n")
            .slice(0, -1)
            .map((line) => JSON.parse(line) as EditorRun)
        : [],
    leftovers: async () => (await readdir(tmp)).filter((name) => name.startsWith("helix-secret-")),
  };
}
