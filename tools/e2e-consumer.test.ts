// The helpers of `npm run e2e`'s consumer project: which packages it composes, the secret values
// it generates for what the packages declare, and the checks of its render. The e2e itself runs
// them against the published packages; here they run on small trees made for each case.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { packageProblems, rootProblems } from "./e2e/consumer-checks.js";
import { type ConsumedPackage, NAMESPACE_PACKAGES } from "./e2e/consumer-packages.js";
import { K3S_TOKEN_FILE, plainSecretYaml, secretValues } from "./e2e/consumer-secrets.js";
import { kustomizationCount, treeDifferences } from "./e2e/rendered-tree.js";
import { WORKSPACE_ROOT } from "./e2e/workspace-clone.js";

describe("the consumer's packages", () => {
  it("given the workspace, when listed, then the consumer composes every namespace package, each by an exported factory", async () => {
    const folders = (await readdir(join(WORKSPACE_ROOT, "packages"), { withFileTypes: true }))
      .filter((e) => e.isDirectory() && e.name !== "core")
      .map((e) => e.name)
      .sort();
    expect(NAMESPACE_PACKAGES.map((p) => p.short)).toEqual(folders);
    for (const pkg of NAMESPACE_PACKAGES) {
      expect(pkg.name).toBe(`@helix-cluster/${pkg.short}`);
      const exports = (await import(pkg.name)) as Record<string, unknown>;
      expect(typeof exports[pkg.factory], `${pkg.name} exports ${pkg.factory}`).toBe("function");
    }
  });
});

describe("the consumer's secret values", () => {
  it("given declared secrets with a copied key, when values are generated, then every key has a fresh value and the copy equals its source", () => {
    const values = secretValues([
      { file: "secrets/data-plane/mysql-user-grafana.sops.yaml", keys: ["password"] },
      {
        file: "secrets/monitoring/grafana-database.sops.yaml",
        keys: ["GF_DATABASE_PASSWORD", "GF_DATABASE_USER"],
        source: {
          namespace: "data-plane",
          name: "mysql-user-grafana",
          keys: { GF_DATABASE_PASSWORD: "password" },
        },
      },
    ]);
    const source = values.get("secrets/data-plane/mysql-user-grafana.sops.yaml");
    const copy = values.get("secrets/monitoring/grafana-database.sops.yaml");
    expect(copy?.GF_DATABASE_PASSWORD).toBe(source?.password);
    expect(copy?.GF_DATABASE_USER).toMatch(/^e2e-[0-9a-f]{32}$/);
    expect(copy?.GF_DATABASE_USER).not.toBe(copy?.GF_DATABASE_PASSWORD);
    expect(values.get(K3S_TOKEN_FILE)?.token).toMatch(/^K10-[0-9a-f]{32}$/);
    expect(secretValues([]).get(K3S_TOKEN_FILE)?.token).not.toBe(values.get(K3S_TOKEN_FILE)?.token);
  });

  it("given a key that holds its source inside a URL, when values are generated, then the URL's password is the source's value", () => {
    const values = secretValues([
      {
        file: "secrets/kube-system/flagsmith-credentials.sops.yaml",
        keys: ["database-url", "django-secret-key"],
        source: {
          namespace: "data-plane",
          name: "postgres-flagsmith",
          keys: { "database-url": "password" },
          within: { "database-url": "url-password" },
        },
      },
    ]);
    const url = new URL(
      values.get("secrets/kube-system/flagsmith-credentials.sops.yaml")?.["database-url"] ?? "",
    );
    expect(decodeURIComponent(url.password)).toBe(
      values.get("secrets/data-plane/postgres-flagsmith.sops.yaml")?.password,
    );
  });

  it("given a secret file, when written as a plain manifest, then its name and namespace come from the path (the k3s token's from kube-system)", () => {
    expect(plainSecretYaml("secrets/network/cloudflared-tunnel.sops.yaml", { token: "t" })).toBe(
      'apiVersion: v1\nkind: Secret\nmetadata:\n  name: cloudflared-tunnel\n  namespace: network\ntype: Opaque\nstringData:\n  "token": "t"\n',
    );
    expect(plainSecretYaml(K3S_TOKEN_FILE, { token: "k" })).toContain(
      "  name: k3s-token\n  namespace: kube-system\n",
    );
  });
});

const PKG = (short: string, kind: string, namespace: string, name: string): ConsumedPackage => ({
  short,
  name: `@helix-cluster/${short}`,
  factory: short,
  options: "",
  renders: { kind, namespace, name },
});

const yaml = (kind: string, name: string, namespace: string, spec = ""): string =>
  `apiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n${spec}`;

describe("the checks of the consumer's render", () => {
  const tree = new Map([
    ["kustomization.yaml", "kind: Kustomization\nresources:\n  - ./alpha\n  - ./site\n"],
    ["alpha/kustomization.yaml", "resources: []\n"],
    ["site/kustomization.yaml", "resources: []\n"],
    ["alpha/one/kustomization.yaml", "resources: []\n"],
    ["alpha/one/helmrelease.yaml", yaml("HelmRelease", "one", "alpha")],
    [
      "alpha/one/ks.yaml",
      yaml("Kustomization", "one", "flux-system", "spec:\n  path: ./rendered/alpha/one\n"),
    ],
  ]);

  it("given every package's object and component folders, when checked, then there is no problem", () => {
    const declared = { secrets: [], components: { one: "@helix-cluster/alpha" }, problems: [] };
    expect(packageProblems(tree, declared, [PKG("alpha", "HelmRelease", "alpha", "one")])).toEqual([]);
    expect(rootProblems(tree)).toEqual([]);
  });

  it("given missing objects and components, when checked, then every one is named with its package", () => {
    const declared = {
      secrets: [],
      components: { one: "@helix-cluster/alpha", two: "@helix-cluster/alpha" },
      problems: [],
    };
    const problems = packageProblems(tree, declared, [
      PKG("alpha", "HelmRelease", "alpha", "uno"),
      PKG("beta", "Plan", "beta", "plan"),
    ]);
    expect(problems).toEqual([
      "@helix-cluster/alpha: no HelmRelease alpha/uno in the render",
      "@helix-cluster/alpha › two: no Flux Kustomization with a path",
      "@helix-cluster/beta: no Plan beta/plan in the render",
      "@helix-cluster/beta: builds no component",
    ]);
  });

  it("given a root kustomization missing a namespace folder, when checked, then it names both lists", () => {
    const missing = new Map(tree).set("kustomization.yaml", "kind: Kustomization\nresources:\n  - ./alpha\n");
    expect(rootProblems(missing)).toEqual([
      'root kustomization lists ["./alpha"], the tree has ["./alpha","./site"]',
      "root kustomization does not list the consumer's ./site",
    ]);
  });

  it("given two renders, when compared, then the paths changed, added or removed are listed in code point order", () => {
    const a = new Map([
      ["b.yaml", "1"],
      ["a.yaml", "1"],
      ["Z.yaml", "1"],
    ]);
    const b = new Map([
      ["b.yaml", "2"],
      ["a.yaml", "1"],
      ["c.yaml", "1"],
    ]);
    expect(treeDifferences(a, b)).toEqual(["Z.yaml", "b.yaml", "c.yaml"]);
    expect(treeDifferences(a, new Map(a))).toEqual([]);
  });

  it("given a tree, when its kustomization folders are counted, then only files named kustomization.yaml count", () => {
    expect(kustomizationCount(tree)).toBe(4);
    expect(kustomizationCount(new Map([["alpha/not-a-kustomization.yaml", ""]]))).toBe(0);
  });
});
