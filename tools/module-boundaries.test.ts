// The package boundaries (Nx tags and dependency constraints, eslint.config.mjs) as the `lint`
// target of every project enforces them: code placed in a project's folder, linted by ESLint.
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "..");

describe("package boundaries", () => {
  let eslint: ESLint;
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  });

  /** The boundary errors ESLint reports for `code` placed at `file` (relative to the workspace). */
  const boundaryErrors = async (file: string, code: string): Promise<string[]> => {
    const [result] = await eslint.lintText(code, { filePath: join(root, file) });
    return (result?.messages ?? []).map((m) => `${m.ruleId}: ${m.message}`);
  };

  it("given a namespace package importing core, when linted, then it passes", async () => {
    expect(
      await boundaryErrors(
        "packages/cert-manager/src/fixture.ts",
        'import { defineComponent } from "@helix-cluster/core";\nexport const x = defineComponent;\n',
      ),
    ).toEqual([]);
  });

  it("given a namespace package importing another one, when linted, then the import is rejected", async () => {
    const errors = await boundaryErrors(
      "packages/cert-manager/src/fixture.ts",
      'import { network } from "@helix-cluster/network";\nexport const x = network;\n',
    );
    expect(errors).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: A project tagged with "type:namespace" can only depend on libs tagged with "type:core"/,
      ),
    ]);
  });

  it("given a cluster imported by a namespace package or by another cluster, when linted, then it is rejected", async () => {
    expect(
      await boundaryErrors(
        "packages/network/src/fixture.ts",
        'import cluster from "../../../clusters/helix-onprem/cluster.js";\nexport const x = cluster;\n',
      ),
    ).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/,
      ),
    ]);
    expect(
      await boundaryErrors(
        "clusters/helix-aws-dr/fixture.ts",
        'import onPrem from "../helix-onprem/cluster.js";\nexport const x = onPrem;\n',
      ),
    ).toEqual([
      expect.stringMatching(
        /^@nx\/enforce-module-boundaries: Projects cannot be imported by a relative or absolute path/,
      ),
    ]);
  });

  it("given core importing a namespace package, when linted, then it is rejected", async () => {
    expect(
      await boundaryErrors(
        "packages/core/src/fixture.ts",
        'import { monitoring } from "@helix-cluster/monitoring";\nexport const x = monitoring;\n',
      ),
    ).toHaveLength(1);
  });
});
