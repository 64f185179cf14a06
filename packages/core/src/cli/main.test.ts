import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
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

describe("helix-cluster render --out", () => {
  const parents: string[] = [];
  afterEach(() => {
    for (const parent of parents.splice(0)) rmSync(parent, { recursive: true, force: true });
  });

  /**
   * A cluster folder with an entry (no namespaces), its settings and an encrypted secret, alone in
   * a temporary parent of its own (the system's temporary folder changes under parallel tests).
   */
  function clusterFolder(): string {
    const parent = mkdtempSync(join(tmpdir(), "cli-out-"));
    parents.push(parent);
    const dir = join(parent, "repository");
    mkdirSync(dir);
    const settings = `{ domain: "example.test", distribution: "k3s", acmeEmail: "ops@example.test", git: { url: "https://git.example.test/p.git" }, sopsAgeRecipients: [] }`;
    writeFileSync(
      join(dir, "cluster.ts"),
      `export default { name: "demo", settings: ${settings}, namespaces: [] };\n`,
    );
    writeFileSync(join(dir, "settings.ts"), "export const keep = true;\n");
    mkdirSync(join(dir, "secrets"));
    writeFileSync(join(dir, "secrets/token.sops.yaml"), "sops: {}\n");
    return dir;
  }

  it("given --out at the cluster's own folder, when rendering, then it exits 1 naming the folder and deletes nothing", async () => {
    const dir = clusterFolder();
    const { code, out, err } = await cli(["render", join(dir, "cluster.ts"), "--out", dir]);
    expect(code).toBe(1);
    expect(out).toBe("");
    expect(err).toContain(`refusing to write ${dir}: it is not empty (cluster.ts, secrets, settings.ts)`);
    expect(err).toContain("nothing was written");
    expect(readdirSync(dir).sort()).toEqual(["cluster.ts", "secrets", "settings.ts"]);
    expect(readFileSync(join(dir, "secrets/token.sops.yaml"), "utf8")).toBe("sops: {}\n");
  });

  it("given --out at the folder holding the cluster (a repository root), when rendering, then it is refused too", async () => {
    const dir = clusterFolder();
    const parent = join(dir, "..");
    const before = readdirSync(parent).length;
    const { code, err } = await cli(["render", join(dir, "cluster.ts"), "--out", parent]);
    expect(code).toBe(1);
    expect(err).toContain(`refusing to write ${parent}: it is not empty`);
    expect(readdirSync(parent).length).toBe(before);
  });

  it("given no --out, when rendering twice, then rendered/ is written, marked, and accepted the second time", async () => {
    const dir = clusterFolder();
    expect(await cli(["render", join(dir, "cluster.ts")])).toMatchObject({ code: 0 });
    expect(readFileSync(join(dir, "rendered/.helix-rendered"), "utf8")).toContain("cluster: demo\n");
    expect(await cli(["render", join(dir, "cluster.ts")])).toMatchObject({ code: 0, err: "" });
  });
});
