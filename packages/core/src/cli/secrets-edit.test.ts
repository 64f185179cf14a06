import { chmod, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { decryptSopsYaml } from "../secrets/decrypt.js";
import { secretsCommand } from "./secrets-command.js";
import { type EditFixture, makeEditFixture } from "./test-support/edit-fixture.js";

const NEW_SECRET = (password: string) =>
  `apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\n  namespace: apps\nstringData:\n  password: ${password}\n`;

describe("helix-cluster secrets edit", () => {
  let fx: EditFixture;
  let before: string;
  const savedTmp = process.env.TMPDIR;
  beforeEach(async () => {
    fx = await makeEditFixture();
    before = await readFile(fx.file, "utf8");
    process.env.TMPDIR = fx.tmp; // os.tmpdir() of this process
  });
  afterEach(() => {
    if (savedTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = savedTmp;
  });

  /** Runs `secrets edit` in this process; `answers` are the replies to "reopen the editor?", absent: no terminal. */
  async function edit(answers?: boolean[]) {
    let out = "";
    let err = "";
    const questions: string[] = [];
    const ask = answers
      ? async (question: string) => {
          questions.push(question);
          return answers.shift() ?? false;
        }
      : undefined;
    const code = await secretsCommand(["edit", fx.file], {
      out: { write: (t: string) => (out += t) },
      err: { write: (t: string) => (err += t) },
      env: fx.env,
      ...(ask ? { ask } : {}),
    });
    return { code, out, err, questions };
  }

  it("opens the plaintext in a private folder under a TMPDIR with a space, runs `editor --wait <file>` without a shell, and re-encrypts atomically", async () => {
    await fx.plan([{ write: NEW_SECRET("battery-staple") }]);
    const result = await edit();
    expect(result).toMatchObject({ code: 0, out: `re-encrypted ${fx.file}\n`, err: "" });
    const [run] = await fx.runs();
    expect(run?.args).toEqual(["--wait", run?.file]);
    expect(dirname(dirname(run?.file ?? ""))).toBe(fx.tmp);
    expect(run?.file.endsWith("/db.yaml")).toBe(true);
    expect(run).toMatchObject({ seen: fx.plain, dirMode: "700", fileMode: "600" });
    const after = await readFile(fx.file, "utf8");
    expect(after).not.toContain("battery-staple");
    expect(await decryptSopsYaml(after, [fx.key.identity])).toBe(NEW_SECRET("battery-staple"));
    expect(await readdir(dirname(fx.file))).toEqual(["db.sops.yaml"]); // no temporary file beside it
    expect(await fx.leftovers()).toEqual([]);
  });

  it("keeps the encrypted file's permissions when replacing it", async () => {
    await chmod(fx.file, 0o640);
    await fx.plan([{ write: NEW_SECRET("battery-staple") }]);
    expect((await edit()).code).toBe(0);
    expect((await stat(fx.file)).mode & 0o777).toBe(0o640);
  });

  it("leaves the file byte for byte when the text is not changed", async () => {
    await fx.plan([{ exit: 0 }]);
    expect(await edit()).toMatchObject({ code: 0, out: `${fx.file} unchanged\n` });
    expect(await readFile(fx.file, "utf8")).toBe(before);
    expect(await fx.leftovers()).toEqual([]);
  });

  it("writes nothing when the editor fails, and says so", async () => {
    await fx.plan([{ exit: 3 }]);
    const result = await edit();
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `${fx.file}: the editor exited with status 3: nothing written, ${fx.file} unchanged\n`,
    );
    expect(await readFile(fx.file, "utf8")).toBe(before);
    expect(await fx.leftovers()).toEqual([]);
  });

  it("names an editor that cannot be started, and leaves no plaintext", async () => {
    let message = "";
    const result = await secretsCommand(["edit", fx.file], {
      out: { write: () => true },
      err: { write: (t: string) => (message += t) },
      env: { ...fx.env, EDITOR: "/nonexistent/editor --wait" },
    });
    expect(result).toBe(1);
    expect(message).toContain(`${fx.file}: cannot start the editor "/nonexistent/editor"`);
    expect(message).toContain("set VISUAL or EDITOR to an installed editor");
    expect(await readFile(fx.file, "utf8")).toBe(before);
    expect(await fx.leftovers()).toEqual([]);
  });

  it("without a terminal, discards invalid YAML: exit 1, located, nothing written, no plaintext kept or printed", async () => {
    await fx.plan([{ write: "apiVersion: v1\nkind: Secret\nstringData:\n  password: [leaked-value\n" }]);
    const result = await edit();
    expect(result.code).toBe(1);
    expect(result.err).toMatch(
      /the edited text is not a valid Secret:\n {2}- not valid YAML \(line \d+: .+\)\n/,
    );
    expect(result.err).toContain(
      `nothing written (stdin is not a terminal, so the editor is not reopened): ${fx.file} unchanged, the edits were discarded`,
    );
    expect(result.err + result.out).not.toContain("leaked-value");
    expect(await readFile(fx.file, "utf8")).toBe(before);
    expect(await fx.leftovers()).toEqual([]);
  });

  it("on a terminal, reopens the editor on the rejected text and writes once it is a valid Secret", async () => {
    const invalid = `${NEW_SECRET("battery-staple")}  port: 5432\nstringDta:\n  typo: x\n`;
    await fx.plan([{ write: invalid }, { write: NEW_SECRET("battery-staple") }]);
    const result = await edit([true]);
    expect(result.questions).toEqual(["Reopen the editor to fix it? [Y/n] "]);
    expect(result.err).toContain("/stringData/port: must be string");
    expect(result.err).toContain("/stringDta: unknown field");
    expect(result).toMatchObject({ code: 0, out: `re-encrypted ${fx.file}\n` });
    const runs = await fx.runs();
    expect(runs.map((r) => r.seen)).toEqual([fx.plain, invalid]);
    expect(await decryptSopsYaml(await readFile(fx.file, "utf8"), [fx.key.identity])).toBe(
      NEW_SECRET("battery-staple"),
    );
    expect(await fx.leftovers()).toEqual([]);
  });

  it("on a terminal, writes nothing when the user declines to reopen", async () => {
    await fx.plan([{ write: "kind: ConfigMap\n" }]);
    const result = await edit([false]);
    expect(result.code).toBe(1);
    expect(result.err).toContain("must be a Secret (apiVersion: v1, kind: Secret)");
    expect(result.err).toContain(`nothing written: ${fx.file} unchanged, the edits were discarded`);
    expect(await readFile(fx.file, "utf8")).toBe(before);
    expect(await fx.leftovers()).toEqual([]);
  });

  it("refuses a tampered file before any plaintext is written, saying what to do", async () => {
    await writeFile(fx.file, before.replace("namespace: apps", "namespace: prod"));
    await fx.plan([{ exit: 0 }]);
    const result = await edit();
    expect(result.code).toBe(1);
    expect(result.err).toBe(
      `${fx.file}: MAC mismatch: the file was modified after it was encrypted: restore it from git (git checkout -- ${fx.file}), or write the Secret again and encrypt it\n`,
    );
    expect(await fx.runs()).toEqual([]);
    expect(await fx.leftovers()).toEqual([]);
  });
});
