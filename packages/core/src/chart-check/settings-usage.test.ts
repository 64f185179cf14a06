import { describe, expect, it } from "vitest";
import type { JsonObject } from "../model/json-path.js";
import { analyseSettings, type RenderValues } from "./settings-usage.js";

/**
 * A fake chart: reads `name` and `port` into the output, checks `mode` against an enum (failing
 * otherwise), reads `enabled` only as a condition, never reads `ghost`, and prints a random token
 * on every run (like a generated password).
 */
const chart: RenderValues = async (values: JsonObject) => {
  const v = { name: "demo", port: 80, mode: "fast", enabled: true, ...values };
  if (v.mode !== "fast" && v.mode !== "slow")
    return { ok: false, error: `mode must be fast or slow, got ${String(v.mode)}` };
  const token = Math.random().toString(36).slice(2);
  const body = v.enabled ? `name: ${String(v.name)}\nport: ${String(v.port)}\nmode: ${String(v.mode)}\n` : "";
  return { ok: true, text: `---\nkind: Secret\ntoken: ${token}\n---\nkind: Service\n${body}` };
};
const defaults: JsonObject = { name: "demo", port: 80, mode: "fast", enabled: true };

describe("analyseSettings", () => {
  it("given settings read, unread and equal to the default, tells them apart despite random output", async () => {
    const settings = { name: "web", port: 80, mode: "slow", ghost: "boo" };
    const usage = await analyseSettings({ values: settings, settings, defaults, render: chart });
    expect(usage.neverRead).toEqual([["ghost"]]);
    expect(usage.redundant).toEqual([["port"]]);
    // The enum marker made the chart fail: the markers were halved until "mode" failed alone.
    expect(usage.runs).toBeGreaterThan(4);
  });

  it("given settings a condition turns off, reports them never read and the condition read", async () => {
    const settings = { name: "web", enabled: false };
    const usage = await analyseSettings({ values: settings, settings, defaults, render: chart });
    expect(usage.neverRead).toEqual([["name"]]);
    expect(usage.redundant).toEqual([]);
  });

  it("given a setting equal to the chart's default, reports it redundant", async () => {
    const settings = { name: "demo", port: 81 };
    const usage = await analyseSettings({ values: settings, settings, defaults, render: chart });
    expect(usage.redundant).toEqual([["name"]]);
    expect(usage.neverRead).toEqual([]);
  });

  it("given the release's own output and a chart that never varies, templates neither baseline again", async () => {
    let runs = 0;
    const steady: RenderValues = async (values) => {
      runs++;
      const v = { name: "demo", ...values };
      return { ok: true, text: `---\nkind: Service\nname: ${String(v.name)}\n` };
    };
    const settings = { name: "web", ghost: "boo" };
    const usage = await analyseSettings({
      values: settings,
      settings,
      defaults: { name: "demo" },
      render: steady,
      baseline: "---\nkind: Service\nname: web\n",
      varies: false,
    });
    expect(usage.neverRead).toEqual([["ghost"]]);
    // One marker run proves "name" read (no removal run for it), two runs prove "ghost" unread.
    expect([usage.runs, runs]).toEqual([3, 3]);
  });
});
