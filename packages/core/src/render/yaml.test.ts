import { describe, expect, it } from "vitest";
import { canonicalObject, toYamlDocument } from "./yaml.js";

describe("canonical YAML", () => {
  it("orders keys the Kubernetes way and sorts label maps, whatever the input order", () => {
    const a = canonicalObject({
      spec: { b: 1, a: 2 },
      metadata: { labels: { z: "1", a: "2" }, namespace: "ns", name: "x" },
      kind: "K",
      apiVersion: "v1",
    });
    expect(toYamlDocument(a)).toBe(
      '---\napiVersion: v1\nkind: K\nmetadata:\n  name: x\n  namespace: ns\n  labels:\n    a: "2"\n    z: "1"\nspec:\n  b: 1\n  a: 2\n',
    );
  });

  it("quotes strings YAML 1.1 would read as booleans and never folds long lines", () => {
    const doc = toYamlDocument({ a: "yes", b: "on", c: "x".repeat(200) });
    expect(doc).toContain('a: "yes"');
    expect(doc).toContain('b: "on"');
    expect(doc).toContain(`c: ${"x".repeat(200)}\n`);
  });
});
