import { describe, expect, it } from "vitest";
import { helmComponent } from "../builders/helm.js";
import type { CertManagerValues } from "../generated/values/index.js";
import { renderCluster } from "../render/render-cluster.js";
import { appsPackage, makeFixture, testCluster } from "../test-support/fixture.js";
import { resolveModel } from "./model-registry.js";
import { ClusterProblemsError } from "./problem.js";
import { isClusterScoped } from "./resource-scope.js";
import { validateStrict } from "./strict-schema.js";

describe("validation with models and values schemas generated from upstream", () => {
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

  it("fails the render on a values key smuggled past the types, with its path", async () => {
    const fx = await makeFixture();
    const values = { replicaCount: 2, crds: { enabled: true, kep: true } } as unknown as CertManagerValues;
    const comp = helmComponent<CertManagerValues>({
      name: "app",
      namespace: "apps",
      chart: { oci: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.21.1" },
      values,
    });
    const error = await renderCluster(testCluster(fx, [appsPackage([comp])]), {
      clusterDir: fx.dir,
      write: false,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClusterProblemsError);
    expect((error as ClusterProblemsError).problems).toContainEqual(
      expect.objectContaining({
        layer: "values",
        object: "HelmRelease/apps/app",
        path: "/spec/values/crds/kep",
      }),
    );
  });
});
