import { describe, expect, it } from "vitest";
import type { Component } from "../model/component.js";
import { missingChartServices } from "./chart-services.js";
import type { ChartObject } from "./manifest.js";

const service = (name: string, namespace?: string): ChartObject => ({
  source: "chart/templates/service.yaml",
  object: { apiVersion: "v1", kind: "Service", metadata: { name, ...(namespace ? { namespace } : {}) } },
});
const component = (chartServices: string[]): Component => ({
  name: "prometheus",
  namespace: "metrics",
  objects: [],
  chartServices,
});

describe("the Services a component declares its chart creates", () => {
  it("given the chart templates them in the component's namespace, when checked, then none is missing", () => {
    const outputs = [
      {
        component: "prometheus",
        namespace: "metrics",
        objects: [service("prometheus"), service("alertmanager")],
      },
    ];
    expect(missingChartServices([component(["prometheus", "alertmanager"])], outputs, new Set())).toEqual([]);
  });

  it("given a declared Service the chart does not create there, when checked, then it is missing, with what the chart creates", () => {
    const outputs = [
      {
        component: "prometheus",
        namespace: "metrics",
        objects: [service("prometheus-server"), service("prometheus", "other")],
      },
    ];
    expect(missingChartServices([component(["prometheus"])], outputs, new Set())).toEqual([
      { component: "prometheus", service: "prometheus", created: ["prometheus-server"] },
    ]);
  });

  it("given a release that did not template, when checked, then its component is left to that error", () => {
    const outputs = [{ component: "prometheus", namespace: "metrics", objects: [] }];
    expect(missingChartServices([component(["prometheus"])], outputs, new Set(["prometheus"]))).toEqual([]);
  });
});
