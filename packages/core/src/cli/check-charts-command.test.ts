import { describe, expect, it } from "vitest";
import { main } from "./main.js";

function capture() {
  let text = "";
  return { write: (s: string) => (text += s), text: () => text };
}

describe("helix-cluster check-charts", () => {
  it("given no cluster entry, prints its usage and exits 2", async () => {
    const out = capture();
    const err = capture();
    expect(await main(["check-charts"], out, err)).toBe(2);
    expect(err.text()).toContain("check-charts <cluster entry…>");
  });

  it("given a chart folder that does not exist, says where it looked and what to pass, and exits 2", async () => {
    const out = capture();
    const err = capture();
    expect(await main(["check-charts", "cluster.ts", "--charts", "/nonexistent/charts"], out, err)).toBe(2);
    expect(err.text()).toMatch(/^no chart folder at \/nonexistent\/charts: pass --charts DIR/);
  });
});
