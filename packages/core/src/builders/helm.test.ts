import { describe, expect, it } from "vitest";
import { cluster, contextPackage, settings } from "../compose/synthetic.js";
import { PROMETHEUS_API, serviceEndpoint } from "../model/contracts.js";
import type { Integration } from "../model/integration.js";
import { assembleCluster } from "../render/assemble.js";
import { formatProblem } from "../validate/problem.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { helmComponent } from "./helm.js";

const chart = { oci: "oci://registry.example.org/charts/app", version: "1.0.0" };

const prometheusApi = serviceEndpoint(PROMETHEUS_API, {
  namespace: "metrics",
  service: "prometheus",
  port: 9090,
  scheme: "http",
});

const monitoring: Integration = {
  name: "monitoring",
  enabled: true,
  reason: "on: option monitoring is true",
  missing: [],
};

/** A Prometheus release whose chart creates the Service its endpoint points at. */
const metrics = contextPackage("@test/metrics", "metrics", () => [
  helmComponent({
    name: "prometheus",
    namespace: "metrics",
    chart,
    provides: [prometheusApi],
    chartServices: ["prometheus"],
  }),
]);

/** A release that uses the Prometheus API the cluster provides. */
const dashboards = contextPackage("@test/dashboards", "dashboards", (context) => [
  helmComponent({
    name: "dashboards",
    namespace: "dashboards",
    chart,
    uses: context.provided(PROMETHEUS_API),
  }),
]);

describe("helmComponent", () => {
  it("given provides, uses, chartServices and integrations, when built, then the component carries each of them", () => {
    const component = helmComponent({
      name: "app",
      namespace: "apps",
      chart,
      provides: [prometheusApi],
      uses: [prometheusApi],
      chartServices: ["prometheus"],
      integrations: [monitoring],
    });

    expect(component.provides).toEqual([prometheusApi]);
    expect(component.uses).toEqual([prometheusApi]);
    expect(component.chartServices).toEqual(["prometheus"]);
    expect(component.integrations).toEqual([monitoring]);
  });

  it("given none of them, when built, then the component has no such fields", () => {
    const component = helmComponent({ name: "app", namespace: "apps", chart });

    for (const field of ["provides", "uses", "chartServices", "integrations"])
      expect(component).not.toHaveProperty(field);
  });

  it("given a release providing a chart Service endpoint and one using it, when assembled, then the user waits for the provider and the cluster validates", async () => {
    const assembled = assembleCluster(cluster(metrics, dashboards));

    const ks = assembled.objects.find((o) => o.id === "Kustomization/flux-system/dashboards");
    expect(ks?.object.spec).toMatchObject({ dependsOn: [{ name: "prometheus" }] });
    const problems = (await validateCluster(assembled, settings, "/nonexistent")).problems;
    expect(problems.map(formatProblem)).toEqual([]);
  });
});
