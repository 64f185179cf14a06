import { describe, expect, it } from "vitest";
import { formatGoFloat, parseGoBool, parseGoFloat } from "./go-format.js";

describe("Go number formatting used for sops values and the MAC", () => {
  it.each([
    [3.14, "3.14"],
    [2, "2"],
    [-0, "-0"],
    [1e21, "1000000000000000000000"],
    [1.5e-7, "0.00000015"],
    [-2.5e-10, "-0.00000000025"],
    [1.2345e25, "12345000000000000000000000"],
    [Number.POSITIVE_INFINITY, "+Inf"],
    [Number.NEGATIVE_INFINITY, "-Inf"],
    [Number.NaN, "NaN"],
  ])("formats %d as %s, never in exponent form", (value, text) => {
    expect(formatGoFloat(value)).toBe(text);
    expect(Object.is(parseGoFloat(text), value)).toBe(true);
  });

  it("parses the bool spellings strconv.ParseBool accepts", () => {
    expect(["True", "true", "1", "t"].map(parseGoBool)).toEqual([true, true, true, true]);
    expect(["False", "FALSE", "0", "f"].map(parseGoBool)).toEqual([false, false, false, false]);
    expect(() => parseGoBool("yes")).toThrow();
  });
});
