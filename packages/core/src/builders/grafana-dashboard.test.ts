import { describe, expect, it } from "vitest";
import { toPlain } from "../model/kube-object.js";
import { GRAFANA_DASHBOARD_LABEL, grafanaDashboard, stableJson } from "./grafana-dashboard.js";

describe("grafanaDashboard", () => {
  it("given a namespace and a dashboard, when built, then the labelled ConfigMap lives in that namespace with the dashboard's JSON", () => {
    const cm = toPlain(
      grafanaDashboard({
        name: "queues",
        namespace: "data-plane",
        dashboard: { title: "Queues", panels: [] },
      }),
    );

    expect(cm.metadata).toEqual({
      name: "dashboard-queues",
      namespace: "data-plane",
      labels: { [GRAFANA_DASHBOARD_LABEL]: "1" },
      annotations: { grafana_folder: "Platform" },
    });
    expect(cm.data).toEqual({ "queues.json": stableJson({ title: "Queues", panels: [] }) });
  });

  it("given a folder, when built, then the sidecar files the dashboard into it", () => {
    const cm = grafanaDashboard({ name: "flux", namespace: "flux-system", dashboard: {}, folder: "GitOps" });

    expect(cm.metadata?.annotations).toEqual({ grafana_folder: "GitOps" });
  });
});

describe("stableJson", () => {
  it("given the same object with keys in another order, when serialised, then the bytes are the same, keys in code point order", () => {
    const a = stableJson({ b: 1, a: { z: [{ y: 1, x: 2 }], Z: 0 } });
    const b = stableJson({ a: { Z: 0, z: [{ x: 2, y: 1 }] }, b: 1 });

    expect(a).toBe(b);
    expect(a).toBe(
      '{\n  "a": {\n    "Z": 0,\n    "z": [\n      {\n        "x": 2,\n        "y": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    );
  });
});
