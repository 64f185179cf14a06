import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const here = (file: string): string => pathToFileURL(join(import.meta.dirname, file)).href;

/**
 * Loads an entry the way the published CLI does: a plain Node process (no tsx preloaded, unlike
 * vitest or the workspace scripts), reporting which loader ran it.
 */
async function loadInChild(
  entry: string,
): Promise<{ via?: string; name?: string; error?: string; evaluated?: number }> {
  const script = `
    const { registerTsSiblingResolution } = await import(${JSON.stringify(here("ts-sibling-resolution.ts"))});
    registerTsSiblingResolution();
    const { importClusterModule, loadClusterEntry } = await import(${JSON.stringify(here("load-entry.ts"))});
    try {
      const { via } = await importClusterModule(${JSON.stringify(entry)});
      const { name } = await loadClusterEntry(${JSON.stringify(entry)});
      console.log(JSON.stringify({ via, name }));
    } catch (error) {
      console.log(JSON.stringify({ error: String(error?.message ?? error), evaluated: globalThis.evaluated }));
    }`;
  const { stdout } = await run(process.execPath, ["--input-type=module", "--eval", script], {
    env: { ...process.env, NODE_OPTIONS: "" },
  });
  return JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}");
}

const CLUSTER = `{ name: "loaded", settings: {}, namespaces: [] }`;

describe("loading a TypeScript cluster entry", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "load-entry-"));
    await writeFile(join(dir, "package.json"), `{ "type": "module" }\n`);
    await writeFile(join(dir, "settings.ts"), `export const name: string = "loaded";\n`);
    await writeFile(join(dir, "types.ts"), `export interface Shape { readonly name: string }\n`);
    await writeFile(
      join(dir, "plain.ts"),
      `import { name } from "./settings.js";\nconst cluster: { name: string; settings: object; namespaces: unknown[] } = { name, settings: {}, namespaces: [] };\nexport default cluster;\n`,
    );
    await writeFile(
      join(dir, "with-enum.ts"),
      `enum Size { S = "loaded" }\nexport default { ...${CLUSTER}, name: Size.S };\n`,
    );
    await writeFile(
      join(dir, "untyped-import.ts"),
      `import { Shape } from "./types.js";\nconst shape: Shape = ${CLUSTER};\nexport default shape;\n`,
    );
    await writeFile(
      join(dir, "throws.ts"),
      `(globalThis as { evaluated?: number }).evaluated = ((globalThis as { evaluated?: number }).evaluated ?? 0) + 1;\nthrow new Error("settings are broken");\n`,
    );
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("runs under Node's own type stripping, with nodenext .js imports of .ts siblings", async () => {
    expect(await loadInChild(join(dir, "plain.ts"))).toEqual({ via: "node", name: "loaded" });
  });

  it("falls back to tsx for syntax Node cannot strip (an enum)", async () => {
    expect(await loadInChild(join(dir, "with-enum.ts"))).toEqual({ via: "tsx", name: "loaded" });
  });

  it("falls back to tsx for a type imported without `type`", async () => {
    expect(await loadInChild(join(dir, "untyped-import.ts"))).toEqual({ via: "tsx", name: "loaded" });
  });

  it('takes an entry tsx runs as CommonJS (no "type": "module") by its default export', async () => {
    const cjs = join(dir, "commonjs");
    await mkdir(cjs);
    await writeFile(join(cjs, "package.json"), `{}\n`);
    await writeFile(
      join(cjs, "cluster.ts"),
      `enum Size { S = "loaded" }\nexport default { ...${CLUSTER}, name: Size.S };\n`,
    );
    expect(await loadInChild(join(cjs, "cluster.ts"))).toEqual({ via: "tsx", name: "loaded" });
  });

  it("reports an entry's own error once, without loading it again through tsx", async () => {
    expect(await loadInChild(join(dir, "throws.ts"))).toEqual({ error: "settings are broken", evaluated: 1 });
  });
});
