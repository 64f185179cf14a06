import { execFile } from "node:child_process";
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const coreDir = join(import.meta.dirname, "../..");
const bin = join(coreDir, "bin/helix-cluster.js");
/** The machine's own Node (20 on this project's machines), older than the one core needs. */
const SYSTEM_NODE = "/usr/bin/node";

/** Runs a Node on a script; exit code and output, whether it fails or not. */
async function runNode(
  node: string,
  args: readonly string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(node, [...args], { cwd: tmpdir() }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({
      code: error.code ?? -1,
      stdout: error.stdout ?? "",
      stderr: error.stderr ?? "",
    }),
  );
}

const manifest = async (dir: string) =>
  JSON.parse(await readFile(join(dir, "package.json"), "utf8")) as { engines?: { node?: string } };

describe("the published helix-cluster bin", () => {
  const dirs: string[] = [];
  afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

  it("refuses a Node older than engines.node with one line naming both versions, before loading dist/", async () => {
    // Given the system Node, older than what core's package.json requires
    const { stdout: version } = await runNode(SYSTEM_NODE, ["--version"]);
    const required = (await manifest(coreDir)).engines?.node?.replace(/^>=/, "") ?? "";
    expect(required, "core's engines.node").toMatch(/^\d+\.\d+\.\d+$/);
    const parts = (v: string) => v.split(".").map(Number);
    const [major = 0, minor = 0] = parts(version.trim().replace(/^v/, ""));
    const [needMajor = 0, needMinor = 0] = parts(required);
    expect(major * 1000 + minor, `${SYSTEM_NODE} must be older than ${required} for this test`).toBeLessThan(
      needMajor * 1000 + needMinor,
    );
    // When it runs the bin
    const result = await runNode(SYSTEM_NODE, [bin, "--version"]);
    // Then one line names the Node needed and the Node found, exit 1, no stack trace
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `helix-cluster needs Node ${required} or newer; this is Node ${version.trim().replace(/^v/, "")} (${SYSTEM_NODE}). ` +
        "Install a newer Node (in the helix-cluster workspace, npm scripts and npx run the Node 24 it pins).\n",
    );
  });

  it("says to build first when dist/ is missing, exit 1, no stack trace", async () => {
    // Given a copy of the package without dist/, as a workspace checkout before `npm run build`
    const dir = await mkdtemp(join(tmpdir(), "helix-bin-"));
    dirs.push(dir);
    await mkdir(join(dir, "bin"));
    await copyFile(bin, join(dir, "bin/helix-cluster.js"));
    await copyFile(join(coreDir, "package.json"), join(dir, "package.json"));
    // When the current Node runs its bin
    const result = await runNode(process.execPath, [
      join(dir, "bin/helix-cluster.js"),
      "render",
      "cluster.ts",
    ]);
    // Then
    expect(result.code).toBe(1);
    expect(result.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(result.stderr).toContain(`${join(dir, "dist/cli/main.js")} is missing`);
    expect(result.stderr).toContain("Run `npm run build` first");
    expect(result.stderr).toContain("npm run -s helix-cluster -- <command>");
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("states the same minimum Node in core's and the workspace's engines.node", async () => {
    expect(await manifest(join(coreDir, "../..")).then((m) => m.engines?.node)).toBe(
      (await manifest(coreDir)).engines?.node,
    );
  });
});
