import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "./main.js";

/** Runs the CLI in-process and collects what it writes. */
async function cli(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(
    argv,
    {
      write: (text: string) => {
        out += text;
      },
    },
    {
      write: (text: string) => {
        err += text;
      },
    },
  );
  return { code, out, err };
}

describe("helix-cluster", () => {
  it("prints core's version with --version and -v", async () => {
    const { version } = JSON.parse(readFileSync(join(import.meta.dirname, "../../package.json"), "utf8")) as {
      version: string;
    };
    expect(await cli(["--version"])).toEqual({ code: 0, out: `${version}\n`, err: "" });
    expect((await cli(["-v"])).out).toBe(`${version}\n`);
  });

  it("answers an unknown option with the message and the usage, exit code 2, no stack trace", async () => {
    const { code, out, err } = await cli(["render", "cluster.ts", "--outdir", "x"]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err).toContain("Unknown option '--outdir'");
    expect(err).toContain("usage: helix-cluster <command>");
    expect(err).not.toMatch(/\n\s+at /);
  });

  it("answers an unknown command with its name and the usage, exit code 2", async () => {
    const { code, out, err } = await cli(["rendr", "cluster.ts"]);
    expect(code).toBe(2);
    expect(out).toBe("");
    expect(err.split("\n")[0]).toBe('unknown command "rendr"');
    expect(err).toContain("usage: helix-cluster <command>");
  });

  it("says which argument render and validate miss, exit code 2", async () => {
    const { code, err } = await cli(["validate"]);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(
      "validate needs a cluster entry, e.g. helix-cluster validate clusters/<name>/cluster.ts",
    );
  });

  it("prints the usage for --help (exit 0) and without a command (exit 2)", async () => {
    expect(await cli(["--help"])).toMatchObject({ code: 0 });
    expect((await cli(["--help"])).out).toContain("render <cluster entry>");
    expect(await cli([])).toMatchObject({ code: 2 });
  });
});
