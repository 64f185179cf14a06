import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClusterDefinition } from "@helix-cluster/core";
import { expectValidates, titledCodeBlocks } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");

describe("README example", () => {
  it("given the README's cluster.ts, when rendered, then each rendered block is exactly the rendered file", async () => {
    const blocks = titledCodeBlocks(await readFile(join(packageDir, "README.md"), "utf8"));
    const source = blocks.get("cluster.ts");
    const rendered = [...blocks].filter(([title]) => title.startsWith("rendered/"));
    expect(source, 'a ```ts title="cluster.ts"``` block').toBeDefined();
    expect(rendered.length).toBeGreaterThan(0);
    // Inside the package, so the example's imports resolve as in a consumer's repository.
    const dir = join(packageDir, `.readme-example-${process.pid}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(join(dir, "cluster.ts"), source ?? "");
      const entry = (await import(join(dir, "cluster.ts"))) as { default: ClusterDefinition };
      // The example's settings, but secrets encrypted to the test's throw-away key.
      const { sopsAgeRecipients: _, ...settings } = entry.default.settings;
      const report = await expectValidates({ namespaces: entry.default.namespaces, settings });
      for (const [title, text] of rendered) {
        expect(report.files.get(title.slice("rendered/".length)), title).toBe(text);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
