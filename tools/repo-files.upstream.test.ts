// The Taskfile against go-task's own JSON Schema (the one editors use), since the go-task binary
// cannot be installed here: a task with an unknown key or a wrong type fails like `task` would
// reject it. Beside it, repo-files.test.ts checks that every task calls scripts and paths that exist.
import { readFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { defaultUpstreamDir } from "./upstream-data.js";

const root = resolve(import.meta.dirname, "..");

async function taskfileValidator(): Promise<(data: unknown) => string[]> {
  const schema = JSON.parse(
    await readFile(join(defaultUpstreamDir(root), "schemas/taskfile.schema.json"), "utf8"),
  ) as object;
  const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
  return (data) => {
    if (validate(data)) return [];
    return (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
  };
}

describe("Taskfile.yml", () => {
  it("is valid against the official Taskfile schema, which rejects a broken task", async () => {
    const validate = await taskfileValidator();
    const taskfile = parse(await readFile(join(root, "Taskfile.yml"), "utf8")) as {
      tasks: Record<string, Record<string, unknown>>;
    };
    expect(validate(taskfile)).toEqual([]);

    // A misspelt key and a command of the wrong type are each found, at the task that has them.
    for (const [key, value] of [
      ["descr", "typo of desc"],
      ["cmds", 42],
    ] as const) {
      const broken = structuredClone(taskfile);
      const render = broken.tasks.render ?? {};
      render[key] = value;
      expect(validate(broken), key).toEqual(
        expect.arrayContaining([expect.stringMatching(/^\/tasks\/render/)]),
      );
    }
  });
});
