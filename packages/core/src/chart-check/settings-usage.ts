import deepEqual from "fast-deep-equal";
import type { JsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import { OutputComparer } from "./output-compare.js";
import { type ValuesPath, valueAt, valueLeaves, withoutValue, withValue } from "./values-tree.js";

/** Templates the release with the given values: the output text, or Helm's error. */
export type RenderValues = (
  values: JsonObject,
) => Promise<{ ok: true; text: string } | { ok: false; error: string }>;

/** Which settings of a release matter. */
export interface SettingsUsage {
  /** Settings the chart never reads: neither removing nor changing them changes the output. */
  readonly neverRead: readonly ValuesPath[];
  /** Settings equal to the chart's default: removing them changes nothing, changing them does. */
  readonly redundant: readonly ValuesPath[];
  /** How many times the release was templated for this. */
  readonly runs: number;
}

/** What the analysis works on. */
export interface SettingsUsageInput {
  /** The values Helm gets (own settings plus placeholders). */
  readonly values: JsonObject;
  /** The settings whose use is checked (the HelmRelease's spec.values). */
  readonly settings: JsonObject;
  /** The chart's own values.yaml, when known: a setting equal to it needs no removal run. */
  readonly defaults: JsonObject | undefined;
  readonly render: RenderValues;
  /** The output of `values`, when already templated (saves a run). @default templated here */
  readonly baseline?: string;
  /**
   * Whether the output can differ between two runs of the same values (see ChartTemplateUse):
   * only then is a second baseline templated to learn what differs. @default true
   */
  readonly varies?: boolean;
}

/**
 * Finds the settings a chart never reads and those equal to its default. Sound and cheap: one run
 * sets every string and number to a unique marker, and a marker in the output proves its setting is
 * read (halving the set when the markers make the chart fail: a marker that fails alone is read
 * too). Only the settings not proven that way are templated without the setting, then with another
 * value. Outputs are compared ignoring what differs between two runs of the same values (learnt
 * from a second baseline when the chart can vary). A setting proven read is redundant when it
 * equals the chart's values.yaml; no run looks for defaults a template sets itself.
 */
export async function analyseSettings(input: SettingsUsageInput): Promise<SettingsUsage> {
  let runs = 0;
  const render = async (values: JsonObject) => {
    runs++;
    return input.render(values);
  };
  const given = input.baseline;
  const [first, second] = await Promise.all([
    given === undefined ? render(input.values) : { ok: true as const, text: given },
    input.varies === false ? undefined : render(input.values),
  ]);
  if (!first.ok || (second && !second.ok)) {
    const failed = !first.ok ? first : second && !second.ok ? second : undefined;
    throw new Error(`the release does not template with its own values: ${failed?.error ?? ""}`);
  }
  const comparer = new OutputComparer(first.text, second?.text ?? first.text);
  const changes = async (values: JsonObject): Promise<boolean> => {
    const out = await render(values);
    // A failure caused by one setting alone proves the chart reads it.
    return !out.ok || comparer.differs(out.text);
  };

  const leaves = valueLeaves(input.settings);
  const markers = new Map<number, string | number>();
  leaves.forEach((leaf, i) => {
    if (typeof leaf.value === "string") markers.set(i, `hxm${i.toString(36)}q`);
    // Six digits: Helm prints a float64 of a million or more in exponent form.
    else if (typeof leaf.value === "number" && i < 19_000) markers.set(i, 800_007 + i * 10);
  });
  const read = new Set<number>();
  const probeMarkers = async (indexes: number[]): Promise<void> => {
    if (indexes.length === 0) return;
    let values = input.values;
    for (const i of indexes) values = withValue(values, leaves[i]?.path ?? [], markers.get(i) ?? null);
    const out = await render(values);
    if (out.ok) {
      const text = withDecodedBase64(out.text);
      for (const i of indexes) if (markerSeen(text, markers.get(i))) read.add(i);
    } else if (indexes.length === 1) read.add(indexes[0] ?? -1);
    else {
      const half = Math.ceil(indexes.length / 2);
      await Promise.all([probeMarkers(indexes.slice(0, half)), probeMarkers(indexes.slice(half))]);
    }
  };
  await probeMarkers([...markers.keys()]);

  const neverRead: ValuesPath[] = [];
  const redundant: ValuesPath[] = [];
  await Promise.all(
    leaves.map(async (leaf, i) => {
      const fallback = input.defaults === undefined ? undefined : valueAt(input.defaults, leaf.path);
      const equalsDefault = fallback !== undefined && deepEqual(fallback, leaf.value);
      if (read.has(i)) {
        if (equalsDefault) redundant.push(leaf.path);
        return;
      }
      if (!equalsDefault && (await changes(withoutValue(input.values, leaf.path)))) return;
      if (await changes(withValue(input.values, leaf.path, otherValue(leaf.value))))
        redundant.push(leaf.path);
      else neverRead.push(leaf.path);
    }),
  );
  const byPath = (a: ValuesPath, b: ValuesPath) => compare(a.join("\u0000"), b.join("\u0000"));
  return { neverRead: neverRead.sort(byPath), redundant: redundant.sort(byPath), runs };
}

/** A different value of the same kind, for the "does changing it change anything" run. */
function otherValue(value: JsonValue): JsonValue {
  if (typeof value === "string") return `${value}-hxchanged`;
  if (typeof value === "number") return Number.isInteger(value) ? value + 1 : value * 2 + 1;
  if (typeof value === "boolean") return !value;
  if (value === null) return "hxchanged";
  if (Array.isArray(value)) return value.length > 0 ? [] : ["hxchanged"];
  return Object.keys(value).length > 0 ? {} : { hxchanged: "hxchanged" };
}

function markerSeen(text: string, marker: string | number | undefined): boolean {
  if (typeof marker === "string") return text.includes(marker);
  if (typeof marker === "number") return new RegExp(`(?<![0-9.])${marker}(?![0-9])`).test(text);
  return false;
}

/** The text plus the decoding of every base64-looking token (Secret data holds values encoded). */
function withDecodedBase64(text: string): string {
  const decoded: string[] = [];
  for (const m of text.matchAll(/[A-Za-z0-9+/]{12,}={0,2}/g))
    decoded.push(Buffer.from(m[0], "base64").toString("latin1"));
  return `${text}\n${decoded.join("\n")}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
