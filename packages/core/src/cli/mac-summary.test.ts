import { describe, expect, it } from "vitest";
import { macSummary } from "./mac-summary.js";

describe("macSummary", () => {
  it("says how many MACs were verified, which were not and why, or nothing without secret files", () => {
    expect(macSummary({ verified: 55, unverified: 0 })).toBe("; MACs of 55 secret files verified");
    expect(macSummary({ verified: 0, unverified: 1 })).toBe(
      "; MACs of 1 secret file not verified (no age key)",
    );
    expect(macSummary({ verified: 28, unverified: 27 })).toBe(
      "; MACs of 28 of 55 secret files verified (no age key for the others)",
    );
    expect(macSummary({ verified: 0, unverified: 0 })).toBe("");
  });
});
