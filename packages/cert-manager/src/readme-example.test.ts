import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClusterDefinition } from "@helix-cluster/core";
import { expectValidates, titledCodeBlocks } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";

const packageDir = join(import.meta.dirname, "..");

describe("the README example", () => {
  it("given the README's cluster.ts, when rendered, then every titled output block is exactly what renders", async () => {
    const blocks = titledCodeBlocks(await readFile(join(packageDir, "README.md"), "utf8"));
    const entry = blocks.get("cluster.ts");
    expect(entry).toBeDefined();
    // Inside the package, so that the example's imports resolve through the workspace.
    const dir = await mkdtemp(join(packageDir, ".readme-example-"));
    try {
      await writeFile(join(dir, "cluster.ts"), entry ?? "");
      const cluster = ((await import(join(dir, "cluster.ts"))) as { default: ClusterDefinition }).default;
      // Its settings, apart from the age recipient: the kit encrypts to a throw-away key.
      const { sopsAgeRecipients: _, ...settings } = cluster.settings;
      const report = await expectValidates({ name: cluster.name, namespaces: cluster.namespaces, settings });
      const outputs = [...blocks].filter(([title]) => title.startsWith("rendered/"));
      expect(outputs.length).toBeGreaterThan(0);
      for (const [title, text] of outputs)
        expect(report.files.get(title.slice("rendered/".length)), title).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
