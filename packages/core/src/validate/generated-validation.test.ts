import { describe, expect, it } from "vitest";
import { helmComponent } from "../builders/helm.js";
import type { Component } from "../model/component.js";
import { renderCluster } from "../render/render-cluster.js";
import { appsPackage, makeFixture, testCluster } from "../test-support/fixture.js";
import { type ChartValuesSchema, toValuesProblems } from "./chart-values.js";
import { resolveModel } from "./model-registry.js";
import { ClusterProblemsError } from "./problem.js";
import { isClusterScoped } from "./resource-scope.js";
import { validateStrict } from "./strict-schema.js";

describe("validation with generated models and the values schema a component passes", () => {
  it("validates CRD objects no npm package models (velero Schedule), rejecting unknown fields", async () => {
    const model = await resolveModel({ apiVersion: "velero.io/v1", kind: "Schedule" });
    expect(model?.kind).toBe("Schedule");
    if (!model) return;
    expect(
      validateStrict(model, {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        metadata: { name: "daily" },
        spec: { schedule: "0 3 * * *", template: { ttl: "168h0m0s" } },
      }),
    ).toEqual([]);
    expect(
      validateStrict(model, {
        apiVersion: "velero.io/v1",
        kind: "Schedule",
        metadata: { name: "daily" },
        spec: { schedule: 3, template: { tll: "168h" } },
      }),
    ).toEqual([
      { path: "/spec/schedule", message: "must be string" },
      { path: "/spec/template/tll", message: "unknown field" },
    ]);
  });

  it("knows the scope of generated CRDs", () => {
    expect(isClusterScoped("rabbitmq.com/RabbitmqCluster")).toBe(false);
    expect(isClusterScoped("k8s.nginx.org/GlobalConfiguration")).toBe(false);
    expect(isClusterScoped("zalando.org/ClusterKopfPeering")).toBe(true);
  });

  it("fails the render on a values key smuggled past the types, with its path, and on a bump past the schema", async () => {
    // A strict schema as the generator emits one: Ajv errors mapped to JSON pointers.
    const validate = (values: unknown) =>
      Object.keys((values as { crds?: object }).crds ?? {}).every((k) => k === "enabled")
        ? []
        : toValuesProblems([
            {
              keyword: "additionalProperties",
              instancePath: "/crds",
              schemaPath: "#/properties/crds/additionalProperties",
              params: { additionalProperty: "kep" },
            },
          ]);
    const schema: ChartValuesSchema<{ crds?: { enabled?: boolean } }, "strict-demo", "1.0.0"> = {
      chart: "strict-demo",
      version: "1.0.0",
      validate,
    };
    const fx = await makeFixture();
    const problemsOf = async (component: () => Component, layer: string) => {
      // The package declares its generated schemas, as every package's src/generated/values index does.
      const pkg = { ...appsPackage([]), chartValuesSchemas: [schema] };
      const apps = { ...pkg, build: () => [{ name: "apps", components: [component()] }] };
      const error = await renderCluster(testCluster(fx, [apps]), { clusterDir: fx.dir, write: false }).catch(
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ClusterProblemsError);
      return (error as ClusterProblemsError).problems.filter((p) => p.layer === layer);
    };
    const values = { crds: { enabled: true, kep: true } as { enabled: boolean } };
    // Given the pinned version's schema: the smuggled key is named.
    const pinned = () =>
      helmComponent({
        name: "app",
        namespace: "apps",
        chart: { oci: "oci://registry.example.test/strict-demo", version: "1.0.0" },
        valuesSchema: schema,
        values,
      });
    expect(await problemsOf(pinned, "values")).toEqual([
      expect.objectContaining({ object: "HelmRelease/apps/app", path: "/spec/values/crds/kep" }),
    ]);
    // Given a bump that drops the valuesSchema: the package's schema of the old version fails it.
    const bumpedWithout = () =>
      helmComponent({
        name: "app",
        namespace: "apps",
        chart: { oci: "oci://registry.example.test/strict-demo", version: "1.1.0" },
        values: values as object,
      });
    expect(await problemsOf(bumpedWithout, "values")).toEqual([
      expect.objectContaining({
        path: "/spec/values",
        message: expect.stringContaining(
          "no values schema for chart strict-demo 1.1.0, but version 1.0.0 has one: add values-schemas/strict-demo-1.1.0.values.schema.json to the upstream data, run npm run generate",
        ),
      }),
    ]);
    // Given a bump that keeps the old version's schema past the types: the build names both versions.
    const bumpedStale = () =>
      helmComponent({
        name: "app",
        namespace: "apps",
        chart: { oci: "oci://registry.example.test/strict-demo", version: "1.1.0" as string },
        valuesSchema: schema as ChartValuesSchema<{ crds?: { enabled?: boolean } }, "strict-demo", string>,
        values,
      });
    expect(await problemsOf(bumpedStale, "build")).toEqual([
      expect.objectContaining({
        package: "@test/apps",
        message: expect.stringContaining(
          "valuesSchema is for chart strict-demo 1.0.0, but the release pins strict-demo 1.1.0: pass the generated schema of the pinned version",
        ),
      }),
    ]);
  });
});
