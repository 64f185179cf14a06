import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { Namespace } from "kubernetes-models/v1/Namespace";
import { describe, expect, it } from "vitest";
import { resolveModel } from "./model-registry.js";
import { validateStrict } from "./strict-schema.js";

describe("validateStrict", () => {
  it("flags unknown fields at any depth, with their path", () => {
    const v = validateStrict(Deployment, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "x" },
      spec: {
        selector: { matchLabels: { app: "x" } },
        replica: 2,
        template: {
          metadata: { labels: { app: "x" } },
          spec: { containers: [{ name: "c", image: "i:1", ports: [{ containerPort: 80, protocl: "TCP" }] }] },
        },
      },
    });
    expect(v).toEqual([
      { path: "/spec/replica", message: "unknown field" },
      { path: "/spec/template/spec/containers/0/ports/0/protocl", message: "unknown field" },
    ]);
  });

  it("lists every schema error, not only the first", () => {
    const v = validateStrict(Namespace, {
      apiVersion: "v1",
      kind: "Namespace",
      metadata: { name: 5, labels: { a: 1 } },
    });
    expect(v.map((e) => e.path).sort()).toEqual(["/metadata/labels/a", "/metadata/name"]);
  });

  it("treats maps and free-form fields (Helm values) as open", () => {
    const v = validateStrict(HelmRelease, {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "x", labels: { anything: "goes" }, annotations: { "a/b": "c" } },
      spec: {
        interval: "1h",
        chartRef: { kind: "OCIRepository", name: "x" },
        values: { deeply: { nested: { whatever: true } } },
      },
    });
    expect(v).toEqual([]);
  });

  it("enforces enums declared upstream", () => {
    const v = validateStrict(HelmRelease, {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: { name: "x" },
      spec: { interval: "1h", install: { crds: "Sometimes" } },
    });
    expect(v).toContainEqual({
      path: "/spec/install/crds",
      message: 'must be one of ["Skip","Create","CreateReplace"]',
    });
  });

  it("finds the model of a plain object by apiVersion and kind", async () => {
    expect(await resolveModel({ apiVersion: "apps/v1", kind: "Deployment" })).toBe(Deployment);
    expect(await resolveModel({ apiVersion: "helm.toolkit.fluxcd.io/v2", kind: "HelmRelease" })).toBe(
      HelmRelease,
    );
    expect(await resolveModel({ apiVersion: "nope.example.com/v1", kind: "Thing" })).toBeUndefined();
  });
});
