import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const coreDir = resolve(import.meta.dirname, "..");

/**
 * Typechecks a snippet the way a package of this workspace would (importing core by its package
 * name) and returns tsc's diagnostics. The snippet lives beside src/, never in it, so nothing
 * scanning the sources meanwhile sees it.
 */
async function diagnostics(source: string): Promise<string> {
  const dir = await mkdtemp(join(coreDir, ".typed-inputs-"));
  await writeFile(join(dir, "snippet.ts"), source);
  await writeFile(
    join(dir, "tsconfig.json"),
    JSON.stringify({
      extends: "../../../tsconfig.base.json",
      compilerOptions: { noEmit: true },
      include: ["snippet.ts"],
    }),
  );
  try {
    await run(process.execPath, [tsc, "-p", join(dir, "tsconfig.json"), "--pretty", "false"], {
      cwd: coreDir,
    });
    return "";
  } catch (error) {
    return String((error as { stdout?: string }).stdout);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

describe("typed inputs: a misspelled key fails tsc", () => {
  it("in chart values, in a CRD model from npm and in a generated CRD model; a bump past its values schema too", async () => {
    const out = await diagnostics(`
import { Certificate } from "@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate";
import { type ChartValuesSchema, helmComponent } from "@helix-cluster/core";
import * as velero from "@helix-cluster/core/models/velero";
const demo: ChartValuesSchema<{ crds?: { enabled?: boolean } }, "demo", "1.0.0"> = { chart: "demo", version: "1.0.0", validate: () => [] };

export const a = helmComponent({ name: "a", namespace: "a", chart: { oci: "oci://x/demo", version: "1.0.0" }, valuesSchema: demo, values: { crds: { enabeld: true } } });
export const b = new Certificate({ metadata: { name: "b" }, spec: { secretName: "b", issuerRef: { name: "x" }, dnsNamez: ["x"] } });
export const c = new velero.veleroIo.v1.Schedule({ metadata: { name: "c" }, spec: { schedule: "@daily", template: { tll: "1h" } } });
export const ok = helmComponent({ name: "ok", namespace: "a", chart: { oci: "oci://x/demo", version: "1.0.0" }, valuesSchema: demo, values: { crds: { enabled: true } } });
export const bumped = helmComponent({ name: "d", namespace: "a", chart: { oci: "oci://x/demo", version: "1.1.0" }, valuesSchema: demo });
`);
    expect(out).toMatch(/snippet\.ts\(7,.*'enabeld' does not exist/);
    expect(out).toMatch(/snippet\.ts\(8,.*'dnsNamez' does not exist/);
    expect(out).toMatch(/snippet\.ts\(9,.*'tll' does not exist/);
    expect(out).toMatch(/snippet\.ts\(11,.*\n.*Type '"1\.0\.0"' is not assignable to type '"1\.1\.0"'/);
    expect(out).not.toMatch(/snippet\.ts\((2|3|4|5|10),/);
  }, 120_000);
});
