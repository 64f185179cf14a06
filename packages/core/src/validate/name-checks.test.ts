import { join } from "node:path";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import { describe, expect, it } from "vitest";
import { readTree } from "../diff/rendered-tree.js";
import type { KubeObject } from "../model/kube-object.js";
import { renderCluster } from "../render/render-cluster.js";
import { appComponent, appsPackage, makeFixture, testCluster } from "../test-support/fixture.js";
import { objectNameProblem } from "./name-checks.js";
import { ClusterProblemsError, formatProblem } from "./problem.js";

describe("names checked before anything is written", () => {
  it("reports each bad component, object and namespace name with its location, and leaves the output alone", async () => {
    // Given a cluster rendered once with valid names
    const fx = await makeFixture();
    await renderCluster(testCluster(fx, [appsPackage([appComponent()])]), { clusterDir: fx.dir });
    const before = await readTree(join(fx.dir, "rendered"));
    // When a component, an object with a bidi override, a nameless object and a Service with a dot
    // in its name are added
    const objects: KubeObject[] = [
      ...appComponent().objects,
      new ConfigMap({ metadata: { name: "app\u202Econfig" }, data: {} }),
      new ConfigMap({ metadata: {}, data: {} }),
      new Service({ metadata: { name: "web.v2" }, spec: { ports: [{ port: 80 }] } }),
      new ClusterRole({ metadata: { name: "system:app-reader" }, rules: [] }),
    ];
    const bad = testCluster(fx, [
      appsPackage([appComponent({ objects }), { ...appComponent(), name: "Extra_App", objects: [] }]),
    ]);
    const error = await renderCluster(bad, { clusterDir: fx.dir }).catch((e: unknown) => e);
    // Then the render fails with one located problem per bad name, and nothing changed on disk
    expect(error).toBeInstanceOf(ClusterProblemsError);
    const lines = (error as ClusterProblemsError).problems
      .filter((p) => p.layer === "input")
      .map(formatProblem);
    expect(lines).toEqual(
      expect.arrayContaining([
        'test › @test/apps › Extra_App: component name "Extra_App" is not a DNS-1123 label: lower-case letters, digits and "-" only, starting and ending with a letter or digit [input]',
        "test › @test/apps › app › ConfigMap/apps/app\u202Econfig › /metadata/name: contains the invisible or control character U+202E: retype it [input]",
        "test › @test/apps › app › ConfigMap/apps/<unnamed> › /metadata/name: metadata.name is empty: every object needs a name [input]",
        'test › @test/apps › app › Service/apps/web.v2 › /metadata/name: "web.v2" is not a DNS-1123 label: lower-case letters, digits and "-" only, starting and ending with a letter or digit [input]',
      ]),
    );
    expect(lines).toHaveLength(4);
    expect(await readTree(join(fx.dir, "rendered"))).toEqual(before);
  });
});

describe("objectNameProblem", () => {
  it("applies the rule of the kind: labels for Namespaces and Services, path segments for RBAC, subdomains otherwise", () => {
    expect(objectNameProblem("Namespace", "team-a")).toBeUndefined();
    expect(objectNameProblem("Namespace", "team.a")).toContain("not a DNS-1123 label");
    expect(objectNameProblem("apps/Deployment", "api.v2")).toBeUndefined();
    expect(objectNameProblem("apps/Deployment", "API")).toContain("not a DNS-1123 subdomain");
    expect(objectNameProblem("apps/Deployment", `${"a".repeat(254)}`)).toContain("at most 253");
    expect(objectNameProblem("rbac.authorization.k8s.io/ClusterRole", "system:reader")).toBeUndefined();
    expect(objectNameProblem("rbac.authorization.k8s.io/ClusterRole", "a/b")).toContain('no "/"');
    expect(objectNameProblem("v1/ConfigMap", "zero\u200Bwidth")).toContain("U+200B");
  });
});
