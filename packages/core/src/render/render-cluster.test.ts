import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Secret } from "kubernetes-models/v1/Secret";
import { beforeEach, describe, expect, it } from "vitest";
import { helmComponent } from "../builders/helm.js";
import { readTree } from "../diff/rendered-tree.js";
import type { KubeObject } from "../model/kube-object.js";
import {
  appComponent,
  appsPackage,
  type Fixture,
  makeFixture,
  testCluster,
} from "../test-support/fixture.js";
import { ClusterProblemsError, type Problem } from "../validate/problem.js";
import { renderCluster, renderClusterEntry } from "./render-cluster.js";

async function problemsOf(promise: Promise<unknown>): Promise<readonly Problem[]> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ClusterProblemsError) return error.problems;
    throw error;
  }
  throw new Error("expected the render to fail");
}

const tree = async (dir: string): Promise<Record<string, string>> => Object.fromEntries(await readTree(dir));

describe("renderCluster", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture();
  });

  it("renders the Flux layout: root sync, namespace folder, component folder with its files", async () => {
    const report = await renderCluster(testCluster(fx, [appsPackage([appComponent()])]), {
      clusterDir: fx.dir,
    });
    expect([...report.files.keys()]).toEqual([
      "apps/app/configmap-app-config.yaml",
      "apps/app/helmrelease.yaml",
      "apps/app/ks.yaml",
      "apps/app/kustomization.yaml",
      "apps/app/ocirepository.yaml",
      "apps/app/secret-app-credentials.sops.yaml",
      "apps/kustomization.yaml",
      "apps/namespace.yaml",
      "flux-system/gitrepository.yaml",
      "flux-system/ks-cluster.yaml",
      "flux-system/kustomization.yaml",
      "flux-system/namespace.yaml",
      "kustomization.yaml",
    ]);
    expect(report.files.get("apps/kustomization.yaml")).toContain("- ./namespace.yaml\n  - ./app/ks.yaml");
    expect(report.files.get("apps/app/kustomization.yaml")).not.toContain("ks.yaml");
    const release = report.files.get("apps/app/helmrelease.yaml") ?? "";
    expect(
      release.startsWith(
        "---\napiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app\n  namespace: apps\n",
      ),
    ).toBe(true);
    expect(release).toContain("crds: CreateReplace");
    expect(release).toContain("retries: 3");
    const secret = report.files.get("apps/app/secret-app-credentials.sops.yaml") ?? "";
    expect(secret).toContain("ENC[AES256_GCM");
    expect(secret).not.toContain("s3cret");
    expect(await tree(join(fx.dir, "rendered"))).toEqual(Object.fromEntries(report.files));
  });

  it("gives byte-identical output on every run", async () => {
    const cluster = testCluster(fx, [appsPackage([appComponent()])]);
    await renderCluster(cluster, { clusterDir: fx.dir });
    const first = await tree(join(fx.dir, "rendered"));
    await renderCluster(cluster, { clusterDir: fx.dir });
    expect(await tree(join(fx.dir, "rendered"))).toEqual(first);
  });

  describe("bad input: clear errors, previous output untouched", () => {
    async function expectFailureKeepsOutput(
      objects: Parameters<typeof appComponent>[0],
    ): Promise<readonly Problem[]> {
      await renderCluster(testCluster(fx, [appsPackage([appComponent()])]), { clusterDir: fx.dir });
      const before = await tree(join(fx.dir, "rendered"));
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([appComponent(objects)])]), { clusterDir: fx.dir }),
      );
      expect(await tree(join(fx.dir, "rendered"))).toEqual(before);
      return problems;
    }
    const extra = (obj: KubeObject) => ({ objects: [...appComponent().objects, obj] });

    it("rejects an unknown field, naming cluster, package, component, object and path", async () => {
      const bad = new ConfigMap({ metadata: { name: "typo", labelz: { a: "b" } } as never, data: {} });
      const problems = await expectFailureKeepsOutput(extra(bad));
      expect(problems).toContainEqual(
        expect.objectContaining({
          cluster: "test",
          package: "@test/apps",
          component: "app",
          object: "ConfigMap/apps/typo",
          path: "/metadata/labelz",
          layer: "schema",
        }),
      );
      expect(new ClusterProblemsError(problems).message).toContain(
        "test › @test/apps › app › ConfigMap/apps/typo › /metadata/labelz: unknown field",
      );
    });

    it("rejects a missing required field", async () => {
      const [source, release] = appComponent().objects;
      const broken = {
        ...(release as KubeObject),
        spec: { chartRef: { kind: "OCIRepository", name: "app" } },
      };
      const problems = await expectFailureKeepsOutput({ objects: [source as KubeObject, broken] });
      expect(problems).toContainEqual(
        expect.objectContaining({
          object: "HelmRelease/apps/app",
          path: "/spec",
          message: 'missing required field "interval"',
        }),
      );
    });

    it("rejects a duplicate kind/namespace/name", async () => {
      const dup = new ConfigMap({ metadata: { name: "app-config", namespace: "apps" }, data: {} });
      const problems = await expectFailureKeepsOutput(extra(dup));
      expect(
        problems.some(
          (p) => p.message.includes("ConfigMap/apps/app-config") || p.message.includes("already taken"),
        ),
      ).toBe(true);
    });

    it("rejects references to a missing secret, source and namespace — all reported at once", async () => {
      const [source, release] = appComponent().objects as [
        KubeObject,
        KubeObject & { spec: Record<string, unknown> },
      ];
      const orphan = {
        ...release,
        spec: {
          ...release.spec,
          chartRef: { kind: "OCIRepository", name: "nope" },
          valuesFrom: [{ kind: "Secret", name: "missing-secret" }],
        },
      };
      const elsewhere = new ConfigMap({
        metadata: { name: "stray", namespace: "no-such-namespace" },
        data: {},
      });
      const problems = await expectFailureKeepsOutput({ objects: [source, orphan, elsewhere] });
      const messages = problems.map((p) => `${p.path} ${p.message}`);
      expect(messages).toContainEqual(
        expect.stringContaining("/spec/chartRef refers to source.toolkit.fluxcd.io/OCIRepository apps/nope"),
      );
      expect(messages).toContainEqual(
        expect.stringContaining("/spec/valuesFrom/0 refers to Secret apps/missing-secret"),
      );
      expect(messages).toContainEqual(
        expect.stringContaining('/metadata/namespace namespace "no-such-namespace" is not rendered'),
      );
    });

    it("rejects a dependency cycle and names it", async () => {
      const a = appComponent({
        name: "a",
        objects: [],
        secrets: [],
        installsCrds: ["a.example.com/A"],
        usesCrds: ["b.example.com/B"],
      });
      const b = appComponent({
        name: "b",
        objects: [],
        secrets: [],
        installsCrds: ["b.example.com/B"],
        usesCrds: ["a.example.com/A"],
      });
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([a, b])]), { clusterDir: fx.dir }),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({ component: "a", message: "dependency cycle: a → b → a" }),
      );
    });

    it("rejects chart version latest and ranges", async () => {
      for (const version of ["latest", "^1.2.0", "1.x", ">=1.0.0"]) {
        const comp = helmComponent({
          name: "app",
          namespace: "apps",
          chart: { oci: "oci://ghcr.io/example/charts/app", version },
        });
        const problems = await problemsOf(
          renderCluster(testCluster(fx, [appsPackage([comp])]), { clusterDir: fx.dir }),
        );
        expect(problems).toContainEqual(
          expect.objectContaining({
            layer: "policy",
            object: "OCIRepository/apps/app",
            path: "/spec/ref/tag",
          }),
        );
      }
      const http = helmComponent({
        name: "app",
        namespace: "apps",
        chart: { repository: "https://charts.example.test", chart: "app", version: "~1.2" },
      });
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([http])]), { clusterDir: fx.dir }),
      );
      expect(problems).toContainEqual(expect.objectContaining({ path: "/spec/chart/spec/version" }));
    });

    it("rejects a plain Secret object", async () => {
      const plain = new Secret({ metadata: { name: "leak" }, stringData: { password: "hunter2" } });
      const problems = await expectFailureKeepsOutput(extra(plain));
      expect(problems).toContainEqual(
        expect.objectContaining({
          object: "Secret/apps/leak",
          layer: "policy",
          message: expect.stringContaining("plain Secret objects are forbidden"),
        }),
      );
    });

    it("rejects a declared secret whose encrypted file is missing", async () => {
      const comp = appComponent({
        secrets: [
          { name: "app-credentials", keys: ["password"] },
          { name: "other", keys: ["token"] },
        ],
      });
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([comp])]), { clusterDir: fx.dir }),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({
          layer: "secret",
          object: "Secret/apps/other",
          message: expect.stringContaining("missing encrypted file secrets/apps/other.sops.yaml"),
        }),
      );
    });

    it("rejects a secret file in plain text", async () => {
      await writeFile(
        join(fx.dir, "secrets/apps/app-credentials.sops.yaml"),
        "apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: apps\nstringData:\n  password: plain\n",
      );
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([appComponent()])]), { clusterDir: fx.dir }),
      );
      expect(problems).toContainEqual(
        expect.objectContaining({
          layer: "secret",
          message: expect.stringContaining("is not SOPS-encrypted"),
        }),
      );
    });

    it("fails cleanly when the output folder cannot be written, leaving what was there", async () => {
      const blocker = join(fx.dir, "blocker");
      await writeFile(blocker, "a file where a folder should be");
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([appComponent()])]), {
          clusterDir: fx.dir,
          outDir: join(blocker, "rendered"),
        }),
      );
      expect(problems).toEqual([
        expect.objectContaining({
          layer: "output",
          message: expect.stringContaining(`${blocker} is a file, not a folder`),
        }),
        expect.objectContaining({ layer: "output", message: expect.stringContaining("nothing was written") }),
      ]);
      expect(await readFile(blocker, "utf8")).toBe("a file where a folder should be");
    });

    it("refuses --out at the cluster's own folder, leaving its sources and secrets as they were", async () => {
      const cluster = testCluster(fx, [appsPackage([appComponent()])]);
      await writeFile(join(fx.dir, "cluster.ts"), "export default {};\n");
      const before = await tree(fx.dir);
      const problems = await problemsOf(renderCluster(cluster, { clusterDir: fx.dir, outDir: fx.dir }));
      expect(problems[0]).toMatchObject({
        cluster: "test",
        layer: "output",
        message: expect.stringContaining(
          `refusing to write ${fx.dir}: it is not empty (cluster.ts, secrets)`,
        ),
      });
      expect(await tree(fx.dir)).toEqual(before);
      expect(await readdir(fx.dir)).toEqual(["cluster.ts", "secrets"]);
    });

    it("refuses a component whose name would lead out of the output folder, naming it, and writes nothing", async () => {
      const escaping = appComponent({ name: "../../../../tmp/x" });
      const problems = await problemsOf(
        renderCluster(testCluster(fx, [appsPackage([escaping])]), { clusterDir: fx.dir }),
      );
      expect(problems).toContainEqual({
        cluster: "test",
        layer: "output",
        package: "@test/apps",
        component: "../../../../tmp/x",
        message: expect.stringContaining('output folder "apps/../../../../tmp/x" has a ".." segment'),
      });
      expect(new ClusterProblemsError(problems).message).toContain(
        "test › @test/apps › ../../../../tmp/x: output folder",
      );
      expect(await readdir(fx.dir)).toEqual(["secrets"]);
      expect(existsSync("/tmp/x/ks.yaml")).toBe(false);
    });

    it("reports a cluster entry that throws", async () => {
      await mkdir(join(fx.dir, "broken"));
      const entry = join(fx.dir, "broken", "cluster.ts");
      await writeFile(entry, 'throw new Error("settings file is corrupt");\nexport default {};\n');
      const problems = await problemsOf(renderClusterEntry(entry));
      expect(problems).toEqual([
        expect.objectContaining({
          cluster: "broken",
          layer: "build",
          message: expect.stringContaining("settings file is corrupt"),
        }),
      ]);
    });

    it("reports a cluster entry that does not exist", async () => {
      const entry = join(fx.dir, "missing", "cluster.ts");
      const problems = await problemsOf(renderClusterEntry(entry));
      expect(problems).toEqual([
        expect.objectContaining({
          cluster: "missing",
          layer: "build",
          message: `cluster entry ${entry}: no such file`,
        }),
      ]);
    });

    it("reports a namespace package whose build throws", async () => {
      const pkg = {
        packageName: "@test/broken",
        build: () => {
          throw new Error("boom");
        },
      };
      const problems = await problemsOf(renderCluster(testCluster(fx, [pkg]), { clusterDir: fx.dir }));
      expect(problems).toContainEqual(
        expect.objectContaining({
          package: "@test/broken",
          layer: "build",
          message: "package failed to build: boom",
        }),
      );
    });
  });
});

describe("derived and declared dependsOn", () => {
  it("keeps the CRD-derived dependencies when a component also declares its own", async () => {
    const fx = await makeFixture();
    const crds = appComponent({
      name: "crds",
      objects: [],
      secrets: [],
      installsCrds: ["x.example.com/Widget"],
    });
    const base = appComponent({ name: "base", objects: [], secrets: [] });
    const user = appComponent({
      name: "user",
      objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } }],
      secrets: [],
      usesCrds: ["x.example.com/Widget"],
      kustomization: { dependsOn: ["base"], timeout: "15m" },
    });
    const report = await renderCluster(testCluster(fx, [appsPackage([crds, base, user])]), {
      clusterDir: fx.dir,
      write: false,
    });
    const ks = report.files.get("apps/user/ks.yaml") ?? "";
    expect(ks).toContain("dependsOn:\n    - name: base\n    - name: crds\n");
    expect(ks).toContain("timeout: 15m");
  });
});

describe("re-rendering", () => {
  it("leaves an unchanged tree's files untouched, and removes what was added by hand", async () => {
    const fx = await makeFixture();
    const cluster = testCluster(fx, [appsPackage([appComponent()])]);
    await renderCluster(cluster, { clusterDir: fx.dir });
    const file = join(fx.dir, "rendered/apps/app/helmrelease.yaml");
    const before = (await stat(file)).mtimeMs;
    await new Promise((r) => setTimeout(r, 20));
    const again = await renderCluster(cluster, { clusterDir: fx.dir });
    expect(again.writes).toEqual([expect.objectContaining({ created: 0, replaced: 0, removed: 0 })]);
    expect((await stat(file)).mtimeMs).toBe(before);
    await writeFile(join(fx.dir, "rendered/stray.yaml"), "---\n");
    await renderCluster(cluster, { clusterDir: fx.dir });
    expect(await readdir(join(fx.dir, "rendered"))).not.toContain("stray.yaml");
  });

  it("writes only the files of a changed component, and marks the folder as this cluster's", async () => {
    const fx = await makeFixture();
    await renderCluster(testCluster(fx, [appsPackage([appComponent()])]), { clusterDir: fx.dir });
    const changed = appComponent({ kustomization: { timeout: "15m" } });
    const report = await renderCluster(testCluster(fx, [appsPackage([changed])]), { clusterDir: fx.dir });
    expect(report.writes).toEqual([
      expect.objectContaining({ dir: join(fx.dir, "rendered"), created: 0, replaced: 1, removed: 0 }),
    ]);
    expect(await readFile(join(fx.dir, "rendered/apps/app/ks.yaml"), "utf8")).toContain("timeout: 15m");
    expect(await readFile(join(fx.dir, "rendered/.helix-rendered"), "utf8")).toContain(
      "tool: helix-cluster\ncluster: test\ntree: rendered\n",
    );
  });
});
