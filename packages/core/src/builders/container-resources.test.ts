import { describe, expect, it } from "vitest";
import { containerResources, withoutChartCpuLimit } from "./container-resources.js";

describe("withoutChartCpuLimit", () => {
  it("given our resources, keeps requests and memory limit and sets the CPU limit to null (Helm deletes it)", () => {
    expect(withoutChartCpuLimit(containerResources("50m", "64Mi", "256Mi"))).toEqual({
      requests: { cpu: "50m", memory: "64Mi" },
      limits: { memory: "256Mi", cpu: null },
    });
  });
});
