import { describe, expect, it } from "vitest";
import { compareTrees } from "./compare-trees.js";
import { indexTree } from "./rendered-tree.js";

const cm = (name: string, body: string): string =>
  `---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n  namespace: apps\n${body}`;

describe("compareTrees", () => {
  it("ignores key order and quoting, and matches objects by identity, not by file", () => {
    const base = indexTree(
      new Map([
        ["apps/a/configmap.yaml", cm("a", "data:\n  x: '1'\n  y: \"2\"\n")],
        ["apps/a/kustomization.yaml", "resources:\n  - ./configmap.yaml\n"],
      ]),
    );
    const head = indexTree(
      new Map([
        [
          "apps/b/configmap-a.yaml",
          `---\nkind: ConfigMap\ndata:\n  y: "2"\n  x: "1"\napiVersion: v1\nmetadata:\n  namespace: apps\n  name: a\n`,
        ],
        ["apps/a/kustomization.yaml", "resources:\n  - ./configmap.yaml\n"],
      ]),
    );
    const diff = compareTrees(base, head);
    expect(diff.changed).toEqual([]);
    expect(diff.moved.map((m) => [m.base.path, m.head.path])).toEqual([
      ["apps/a/configmap.yaml", "apps/b/configmap-a.yaml"],
    ]);
    expect(diff.unchanged).toBe(1);
  });

  it("compares encrypted files by their bytes and never puts their content in a diff", () => {
    const secret = (value: string): string =>
      `apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n  namespace: apps\nstringData:\n  k: ENC[AES256_GCM,data:${value}]\n`;
    const diff = compareTrees(
      indexTree(new Map([["apps/a/secret-s.sops.yaml", secret("old")]])),
      indexTree(new Map([["apps/a/secret-s.sops.yaml", secret("new")]])),
    );
    expect(diff.changed).toHaveLength(1);
    expect(diff.changed[0]?.head.label).toBe("Secret/apps/s");
    expect(diff.changed[0]?.diff).toBe("");
  });
});
