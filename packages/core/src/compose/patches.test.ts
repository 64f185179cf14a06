import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import type { ObjectPatch } from "../model/object-patch.js";
import { assembleCluster } from "../render/assemble.js";
import { strategicMerge } from "../render/strategic-merge.js";
import { formatProblem } from "../validate/problem.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { contextPackage, settings } from "./synthetic.js";

const deployment = new Deployment({
  metadata: { name: "web" },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: "web" } },
    template: {
      metadata: { labels: { app: "web" } },
      spec: {
        containers: [
          {
            name: "web",
            image:
              "registry.example.org/web:1.0.0@sha256:0000000000000000000000000000000000000000000000000000000000000000",
            env: [
              { name: "MODE", value: "prod" },
              { name: "DEBUG", value: "0" },
            ],
            resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
          },
        ],
      },
    },
  },
});
const web = contextPackage("@test/web", "web", () => [
  { name: "web", namespace: "web", objects: [deployment] },
]);
const withPatches = (...patches: ObjectPatch[]) =>
  assembleCluster(defineCluster({ name: "patched", settings, namespaces: [web], patches }));
const spec = (a: ReturnType<typeof withPatches>) =>
  a.objects.find((o) => o.id === "Deployment/web/web")?.object.spec;
const target = { kind: "Deployment", name: "web" };

describe("cluster patches", () => {
  it("given a JSON patch, when assembled, then the rendered object carries it", () => {
    const a = withPatches({
      component: "web",
      target,
      jsonPatch: [{ op: "replace", path: "/spec/replicas", value: 5 }],
    });
    expect(a.problems).toEqual([]);
    expect(spec(a)).toMatchObject({ replicas: 5 });
  });

  it("given a strategic merge, when assembled, then containers and env merge by name and null removes a key", () => {
    const a = withPatches({
      component: "web",
      target,
      merge: {
        spec: {
          template: {
            spec: {
              containers: [
                {
                  name: "web",
                  env: [
                    { name: "DEBUG", value: "1" },
                    { name: "MODE", $patch: "delete" },
                    { name: "NEW", value: "x" },
                  ],
                },
              ],
            },
          },
          replicas: null,
        },
      },
    });
    expect(a.problems).toEqual([]);
    const container = (spec(a) as { template: { spec: { containers: { env: unknown; image: string }[] } } })
      .template.spec.containers[0];
    expect(container?.env).toEqual([
      { name: "DEBUG", value: "1" },
      { name: "NEW", value: "x" },
    ]);
    expect(container?.image).toMatch(/^registry.example.org\/web:1.0.0@/);
    expect(spec(a)).not.toHaveProperty("replicas");
  });

  it("given a patch that breaks the schema, when validated, then the patched object fails validation", async () => {
    const a = withPatches({
      component: "web",
      target,
      jsonPatch: [{ op: "add", path: "/spec/replicaz", value: 1 }],
    });
    const { problems } = await validateCluster(a, settings, "/nonexistent");
    expect(problems.map(formatProblem)).toEqual([
      "patched › @test/web › web › Deployment/web/web › /spec/replicaz: unknown field [schema]",
    ]);
  });

  it("given a missing target, a failing operation or a renamed object, when assembled, then each is a located problem", () => {
    const a = withPatches(
      { component: "web", target: { kind: "Deployment", name: "api" }, merge: {} },
      { component: "web", target, jsonPatch: [{ op: "test", path: "/spec/replicas", value: 3 }] },
      { component: "web", target, jsonPatch: [{ op: "replace", path: "/metadata/name", value: "web2" }] },
    );
    expect(a.problems.map(formatProblem)).toEqual([
      'patched › web › patches[0].target: component "web" renders no Deployment/api (it renders Deployment/web/web) [build]',
      expect.stringMatching(
        /^patched › @test\/web › web › Deployment\/web\/web › patches\[1\]\.jsonPatch\[0\]: cannot apply: Test operation failed/,
      ),
      "patched › @test/web › web › Deployment/web/web › patches[2]: a patch may not change the object's apiVersion, kind, name or namespace: render another object instead [build]",
    ]);
    expect(spec(a)).toMatchObject({ replicas: 2 });
  });
});

describe("strategic merge", () => {
  it("replaces lists that are not lists of named objects, and leaves its inputs untouched", () => {
    const base = { args: ["a", "b"], ports: [{ name: "http", port: 80 }] };
    const merged = strategicMerge(base, {
      args: ["c"],
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
    });
    expect(merged).toEqual({
      args: ["c"],
      ports: [
        { name: "http", port: 8080 },
        { name: "metrics", port: 9090 },
      ],
    });
    expect(base).toEqual({ args: ["a", "b"], ports: [{ name: "http", port: 80 }] });
  });
});
