import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ClusterDefinition } from "@helix-cluster/core";
import { expectValidates, titledCodeBlocks } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";

describe("the README's example", () => {
  it("given the example cluster.ts, when rendered, then each file the README shows renders exactly as shown", async () => {
    const blocks = titledCodeBlocks(await readFile(join(import.meta.dirname, "../README.md"), "utf8"));
    const entry = blocks.get("cluster.ts");
    const shown = [...blocks].filter(([title]) => title.startsWith("rendered/"));
    expect(entry).toBeDefined();
    expect(shown.length).toBeGreaterThan(0);
    // Inside the package, so the example's imports resolve to the workspace packages.
    const dir = join(import.meta.dirname, `.readme-example-${process.pid}`);
    await mkdir(dir, { recursive: true });
    try {
      await writeFile(join(dir, "cluster.ts"), entry ?? "");
      const { default: cluster } = (await import(join(dir, "cluster.ts"))) as { default: ClusterDefinition };
      // The example's own settings, with a throw-away age key in place of the reader's.
      const { sopsAgeRecipients: _, ...settings } = cluster.settings;
      const report = await expectValidates({ name: cluster.name, namespaces: cluster.namespaces, settings });
      for (const [title, text] of shown)
        expect(report.files.get(title.slice("rendered/".length)), title).toBe(text);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
