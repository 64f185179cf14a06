// The values generator's placement rules, on schemas of our own (no upstream data needed): each
// chart's type and validator go into the package that pins it, keyed by chart and exact version, and
// a chart can neither appear without an owner nor lose its schema quietly.
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SourceInfo } from "./generate/sources.js";
import { generateChartValues } from "./generate/values.js";

const SCHEMA = {
  $schema: "http://json-schema.org/draft-07/schema#",
  type: "object",
  additionalProperties: false,
  required: ["replicas"],
  properties: {
    replicas: { type: "integer" },
    resources: { $ref: "#/definitions/resources" },
  },
  definitions: { resources: { type: "object", properties: { limits: { type: "object" } } } },
};

let upstream = "";
const sources = new Map<string, SourceInfo>();
beforeAll(async () => {
  upstream = await mkdtemp(join(tmpdir(), "helix-values-gen-"));
  await mkdir(join(upstream, "values-schemas"));
  for (const file of [
    "values-schemas/widget-1.2.3.values.schema.json",
    "values-schemas/spare-0.1.0.values.schema.json",
  ]) {
    await writeFile(join(upstream, file), JSON.stringify(SCHEMA));
    sources.set(file, {
      file,
      repo: "example/charts",
      path: "values.schema.json",
      tag: "v1",
      commit: "0".repeat(40),
      licence: "Apache-2.0",
      licenceNote: "Apache-2.0",
    });
  }
});
afterAll(async () => {
  if (upstream) await rm(upstream, { recursive: true, force: true });
});

describe("generateChartValues", () => {
  it("given a chart a package pins, writes its type and exact-version schema into that package", async () => {
    const out = await generateChartValues(upstream, sources, {
      owners: { widget: "apps" },
      unpinned: { spare: "nothing runs it" },
    });
    expect([...out.files.keys()].sort()).toEqual([
      "packages/apps/src/generated/values/_validators/widget-1.2.3.ts",
      "packages/apps/src/generated/values/index.ts",
      "packages/apps/src/generated/values/widget-1.2.3.ts",
    ]);
    const module = out.files.get("packages/apps/src/generated/values/widget-1.2.3.ts") ?? "";
    expect(module).toContain(
      'export const widgetValuesSchema: ChartValuesSchema<WidgetValues, "widget", "1.2.3"> = {',
    );
    // Overrides: required dropped, and null deletes a key (a property and a referenced definition).
    expect(module).toMatch(/replicas\?: number \| null;/);
    expect(module).toMatch(/export type Resources = \{[\s\S]*?\} \| null;\n/);
    expect(out.skipped).toEqual([
      "values-schemas/spare-0.1.0.values.schema.json: no package pins chart spare (nothing runs it)",
    ]);
  });

  it("given a schema of a chart no package is known to pin, fails naming where to say which", async () => {
    await expect(
      generateChartValues(upstream, sources, { owners: { widget: "apps" }, unpinned: {} }),
    ).rejects.toThrow(
      "values-schemas/spare-0.1.0.values.schema.json: no package is known to pin chart spare: name it in tools/generate/values-owners.ts",
    );
  });

  it("given a pinned chart whose schema is gone, fails instead of dropping its values check", async () => {
    await expect(
      generateChartValues(upstream, sources, {
        owners: { widget: "apps", gadget: "apps" },
        unpinned: { spare: "nothing runs it" },
      }),
    ).rejects.toThrow(
      /no values schema of chart gadget, which apps pins: add values-schemas\/gadget-<version>/,
    );
  });
});
