import { join } from "node:path";
import { renderReadmeExample } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";

describe("README example", () => {
  it("given the README's cluster.ts, when rendered, then each rendered block is exactly the rendered file", async () => {
    const { shown, files } = await renderReadmeExample(join(import.meta.dirname, ".."));
    for (const [path, text] of shown) expect(files.get(path), path).toBe(text);
  });
});
