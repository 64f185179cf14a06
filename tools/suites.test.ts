// What `npm test` says about the suites it leaves out, and how the interop suite reports a missing tool.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EXTERNAL_SUITES, interopToolsProblem, suiteFiles } from "./suites/external.js";
import { externalSuitesNotice } from "./suites/notice.js";

const root = resolve(import.meta.dirname, "..");
let empty: string;
let withTools: string;

beforeAll(async () => {
  empty = await mkdtemp(join(tmpdir(), "helix-suites-empty-"));
  withTools = await mkdtemp(join(tmpdir(), "helix-suites-tools-"));
  for (const tool of ["age", "ansible-inventory"]) {
    await writeFile(join(withTools, tool), "#!/bin/sh\n", { mode: 0o755 });
  }
});
afterAll(async () => {
  await Promise.all([empty, withTools].map((d) => rm(d, { recursive: true, force: true })));
});

describe("the suites npm test leaves out", () => {
  it("hold the test files named for them, and only those", () => {
    const [interop, upstream] = EXTERNAL_SUITES.map((s) => suiteFiles(root, s));
    expect(interop).toEqual(
      expect.arrayContaining(["packages/core/src/secrets/compat-reverse.interop.test.ts"]),
    );
    expect(interop?.every((f) => f.endsWith(".interop.test.ts"))).toBe(true);
    expect(upstream).toEqual(expect.arrayContaining(["tools/generate.upstream.test.ts"]));
    expect(upstream?.every((f) => f.endsWith(".upstream.test.ts"))).toBe(true);
  });

  it("given a PATH without the tools, when npm test ends, then its last lines name both suites, how to run them and what is missing", () => {
    const notice = externalSuitesNotice(root, empty);
    const interopSuite = EXTERNAL_SUITES.find((s) => s.script === "test:interop");
    if (!interopSuite) throw new Error("no interop suite");
    const interop = suiteFiles(root, interopSuite).length;
    expect(notice).toContain(`npm run test:interop: ${interop} test files; needs age and ansible-inventory`);
    expect(notice).toContain("npm run test:upstream:");
    expect(notice).toContain("Missing here: age, ansible-inventory (apt-get install -y age ansible-core).");
    expect(interopToolsProblem(empty)).toContain("install them (apt-get install -y age ansible-core)");
  });

  it("given a PATH with the tools, when npm test ends, then it says they are there", () => {
    expect(externalSuitesNotice(root, withTools)).toContain("age and ansible-inventory are on PATH here.");
    expect(interopToolsProblem(withTools)).toBeUndefined();
  });
});
