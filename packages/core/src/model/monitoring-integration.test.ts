import { describe, expect, it } from "vitest";
import { buildContextOf } from "./build-context.js";
import { monitoringIntegration, POD_MONITOR, SERVICE_MONITOR } from "./monitoring-types.js";

const withMonitors = buildContextOf(
  "m",
  {},
  { types: [SERVICE_MONITOR], namespaces: ["monitoring"], handles: [] },
);

describe("monitoringIntegration", () => {
  it("given the CRDs and namespaces it needs, when auto, then it is on", () => {
    const on = monitoringIntegration(withMonitors, { types: [SERVICE_MONITOR], namespaces: ["monitoring"] });
    expect(on).toMatchObject({ name: "monitoring", enabled: true, missing: [] });
  });

  it("given a type the cluster lacks, when auto, then it is off; when asked for, then the message names the option and the package", () => {
    expect(monitoringIntegration(withMonitors, { types: [POD_MONITOR] }).enabled).toBe(false);
    const asked = monitoringIntegration(withMonitors, {
      option: true,
      optionPath: "serviceMonitors",
      types: [SERVICE_MONITOR, POD_MONITOR],
    });
    expect(asked.enabled).toBe(true);
    expect(asked.missing.join("\n")).toContain("monitoring.coreos.com/PodMonitor");
    expect(asked.missing.join("\n")).toContain("@helix-cluster/monitoring");
    expect(asked.missing.join("\n")).toContain("serviceMonitors");
  });
});
