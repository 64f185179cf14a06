// The generator's standalone validators: compiled while their module loads (so Node's compile cache
// keeps them), and still checking what the schema says.
import { describe, expect, it } from "vitest";
import { compiledOnLoad, standaloneValidator } from "./generate/standalone-validator.js";

/** Imports generated JavaScript as a module (the type annotation of `validate` stripped first). */
async function load(
  code: string,
): Promise<{ validate: ((data: unknown) => boolean) & { errors?: unknown[] | null } }> {
  const js = code
    .replace(/^import type .*$/m, "")
    .replace(/export const validate: .* = (\w+);/, "export const validate = $1;");
  return import(`data:text/javascript,${encodeURIComponent(js)}`);
}

describe("compiledOnLoad", () => {
  it("wraps each top-level function declaration in parentheses, keeping its name and what it does", async () => {
    // Given two functions, the first calling the second declared after it
    const code =
      "function first(x) {\n  return second(x) + 1;\n}\nfunction second(x) {\n  return x * 2;\n}\nexport const run = first;\n";
    // When rewritten
    const out = compiledOnLoad(code);
    // Then both are parenthesized function expressions bound to constants of the same name
    expect(out).toBe(
      "const first = (function first(x) {\n  return second(x) + 1;\n});\nconst second = (function second(x) {\n  return x * 2;\n});\nexport const run = first;\n",
    );
    const { run } = (await import(`data:text/javascript,${encodeURIComponent(out)}`)) as {
      run: (x: number) => number;
    };
    expect(run(3)).toBe(7);
  });
});

describe("standaloneValidator", () => {
  const schema = {
    type: "object",
    properties: { replicas: { type: "integer" }, nested: { $ref: "#/definitions/nested" } },
    additionalProperties: false,
    definitions: {
      nested: { type: "object", properties: { on: { type: "boolean" } }, additionalProperties: false },
    },
  };

  it("has no function declaration left, and reports every error of the schema", async () => {
    const { code } = standaloneValidator(schema, "draft-07", { strict: true, verbose: true });
    expect(code).not.toMatch(/^function /m);
    expect(code).toMatch(/^const validate\d+ = \(function validate\d+\(/m);
    const { validate } = await load(code);
    expect(validate({ replicas: 2, nested: { on: true } })).toBe(true);
    expect(validate({ replicas: "2", nested: { on: 1 }, extra: 0 })).toBe(false);
    expect(
      validate.errors?.map((e) => (e as { instancePath: string; keyword: string }).keyword).sort(),
    ).toEqual(["additionalProperties", "type", "type"]);
  });
});
