import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import type { Component } from "../model/component.js";
import { PROMETHEUS_API, serviceEndpoint } from "../model/contracts.js";
import type { NamespacePackage } from "../model/namespace-package.js";
import { secretRef } from "../model/secret-ref.js";
import { checkClusterInputs } from "../validate/cluster-inputs.js";
import { crdStandIn } from "./crd-stand-in.js";
import { expectValidates } from "./expect-validates.js";
import { neutralSettings } from "./neutral-settings.js";
import { titledCodeBlocks } from "./readme-blocks.js";
import { testCluster } from "./test-cluster.js";

const pkg = (namespace: string, components: readonly Component[]): NamespacePackage => ({
  packageName: `@test/${namespace}`,
  build: () => [{ name: namespace, components }],
});

const prometheus = serviceEndpoint(PROMETHEUS_API, {
  namespace: "metrics",
  service: "prometheus",
  port: 9090,
  scheme: "http",
});

/** An app with a secret of its own and a password copied from the database's secret. */
const app = pkg("app", [
  {
    name: "app",
    namespace: "app",
    objects: [new ConfigMap({ metadata: { name: "app" }, data: { mode: "test" } })],
    secrets: [
      secretRef("app-token", ["token"]),
      secretRef("app-db", ["password"], {
        source: { namespace: "db", name: "db-user", keys: { password: "pw" } },
      }),
    ],
    uses: [prometheus],
  },
]);
const db = pkg("db", [{ name: "db", namespace: "db", objects: [], secrets: [secretRef("db-user", ["pw"])] }]);
const metrics = crdStandIn({ namespace: "metrics", component: "prometheus", provides: [prometheus] });

describe("the test kit", () => {
  it("given a package, its sources and a stand-in, when checked, then it renders, validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [app, db, metrics] });
    expect(report.files.get("app/app/secret-app-db.sops.yaml")).toMatch(/ENC\[AES256_GCM,/);
    expect([...report.bootstrapFiles.keys()]).toContain("k3s/server-1.yaml");
  });

  it("gives a copied key its source's value and encrypts every secret to a throw-away key", async () => {
    const test = await testCluster({ namespaces: [app, db] });
    try {
      expect(test.secretValues.get("secrets/app/app-db.sops.yaml")?.password).toBe(
        test.secretValues.get("secrets/db/db-user.sops.yaml")?.pw,
      );
      expect(test.cluster.settings.sopsAgeRecipients).toEqual([test.key.recipient]);
    } finally {
      await test.dispose();
    }
  });

  it("given a use without its provider, when checked, then it throws every problem", async () => {
    await expect(expectValidates({ namespaces: [app, db] })).rejects.toThrow(
      /1 problem found:\n {2}- example › @test\/app › app: uses prometheus-api metrics\/prometheus:9090, which no component of this cluster provides/,
    );
  });

  it("has neutral settings that pass the run-time input checks", async () => {
    const settings = neutralSettings("age1qyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqszqgpqyqs3290gq");
    expect(settings.domain).toBe("example.org");
    expect(checkClusterInputs(defineCluster({ name: "example", settings, namespaces: [] }))).toEqual([]);
  });

  it("reads the titled code blocks of a README", () => {
    const readme = [
      "# x",
      '```ts title="cluster.ts"',
      "export default 1;",
      "```",
      "```yaml",
      "untitled: true",
      "```",
      '````yaml title="rendered/a.yaml"',
      "a: 1",
      "````",
    ].join("\n");
    expect([...titledCodeBlocks(readme)]).toEqual([
      ["cluster.ts", "export default 1;\n"],
      ["rendered/a.yaml", "a: 1\n"],
    ]);
  });
});
