import { describe, expect, it } from "vitest";
import { registerValuesValidator, validateChartValues } from "./chart-values.js";

const release = { spec: { values: { replicas: "two" } } };

describe("validateChartValues", () => {
  registerValuesValidator("bump-demo@1.0.0", (values) =>
    typeof (values as { replicas?: unknown }).replicas === "number"
      ? []
      : [{ path: "/replicas", message: "must be number" }],
  );

  it("given the version its validator was generated for, checks the values", async () => {
    expect(await validateChartValues("bump-demo@1.0.0", release)).toEqual([
      { path: "/spec/values/replicas", message: "must be number" },
    ]);
  });

  it("given a bumped version without a validator while the old one had one, fails instead of skipping the values", async () => {
    expect(await validateChartValues("bump-demo@1.1.0", release)).toEqual([
      {
        path: "/spec/values",
        message: expect.stringMatching(
          /^no values schema for chart bump-demo 1\.1\.0, but version 1\.0\.0 has one: add values-schemas\/bump-demo-1\.1\.0\.values\.schema\.json to the upstream data, run npm run generate and pass the generated bump-demo-1\.1\.0 schema as valuesSchema/,
        ),
      },
    ]);
  });

  it("given a chart that never had a values schema, has nothing to check", async () => {
    expect(await validateChartValues("schemaless-demo@2.0.0", release)).toEqual([]);
  });
});
