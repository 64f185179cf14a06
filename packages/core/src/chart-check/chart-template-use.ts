import { readFile } from "node:fs/promises";
import { Parser, type ReadEntry } from "tar";
import { parse } from "yaml";
import { isJsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import { compareCodePoints } from "./api-versions.js";

/**
 * What a chart's templates can read of the cluster Helm templates for, and whether they print
 * something new on every run. Found by reading every Go template action of every file of the chart
 * and its subcharts (values.yaml included, as `tpl` can evaluate its strings); anything the reader
 * cannot tell for sure counts as read.
 */
export interface ChartTemplateUse {
  /**
   * The literals of `.Capabilities.APIVersions.Has "…"`, sorted; "any" when a template reads the
   * API versions in another way (a variable argument, the whole `.Capabilities`).
   */
  readonly apiVersionQueries: readonly string[] | "any";
  /** A template reads `.Capabilities.KubeVersion` (or the whole `.Capabilities`). */
  readonly readsKubeVersion: boolean;
  /** The `kubeVersion` constraints of the Chart.yaml files (chart and subcharts), sorted. */
  readonly kubeVersionConstraints: readonly string[];
  /** A template calls a function whose result differs between runs (random, time, key order). */
  readonly varies: boolean;
}

/** Nothing read, nothing varying: the use of a chart without templates. */
const NONE: ChartTemplateUse = {
  apiVersionQueries: [],
  readsKubeVersion: false,
  kubeVersionConstraints: [],
  varies: false,
};

/** `{{/* … *\/}}` comment actions, which Go's template engine never evaluates. */
const COMMENT_ACTION = /\{\{-?\s*\/\*[\s\S]*?\*\/\s*-?\}\}/g;
const ACTION = /\{\{([\s\S]*?)\}\}/g;
const CAPABILITIES = /\bCapabilities\b((?:\.[A-Za-z_]\w*)*)(\s+(?:"((?:[^"\\]|\\.)*)"|`([^`]*)`))?/g;
/**
 * Sprig/Helm functions whose result changes from run to run: random values, generated keys and
 * certificates, the clock, DNS, and map key order (`keys`/`values` unless sorted at once).
 */
const VARYING =
  /(?<![\w.$])(rand(?:AlphaNum|Alpha|Numeric|Ascii|Bytes|Int)|uuidv4|gen(?:CA|CAWithKey|PrivateKey|SelfSignedCert|SelfSignedCertWithKey|SignedCert|SignedCertWithKey)|now|htpasswd|bcrypt|shuffle|encryptAES|getHostByName|keys|values)\b/g;
const SORTED_KEYS = /(?<![\w.$])keys\s+[^|(){}]*\|\s*sortAlpha\b/g;
const STRING_LITERAL = /"(?:[^"\\]|\\.)*"|`[^`]*`/g;

/** The template use of a set of texts (the files of a chart, or the strings of its values). */
export function templateUseOf(texts: Iterable<string>): ChartTemplateUse {
  const queries = new Set<string>();
  let anyQuery = false;
  let kube = false;
  let varies = false;
  for (const text of texts) {
    if (!text.includes("{{")) continue;
    for (const [, body = ""] of text.replace(COMMENT_ACTION, "").matchAll(ACTION)) {
      for (const m of body.matchAll(CAPABILITIES)) {
        const chain = m[1] ?? "";
        const literal = m[3] ?? m[4];
        if (chain.startsWith(".KubeVersion")) kube = true;
        else if (chain.startsWith(".HelmVersion")) continue;
        else if (chain === ".APIVersions.Has" && literal !== undefined)
          queries.add(m[3] !== undefined ? JSON.parse(`"${literal}"`) : literal);
        else {
          anyQuery = true;
          kube = true;
        }
      }
      const code = body.replace(STRING_LITERAL, '""').replace(SORTED_KEYS, "");
      if (VARYING.test(code)) varies = true;
      VARYING.lastIndex = 0;
    }
  }
  return {
    apiVersionQueries: anyQuery ? "any" : [...queries].sort(compareCodePoints),
    readsKubeVersion: kube,
    kubeVersionConstraints: [],
    varies,
  };
}

/** The strings of a values tree (each may be a template a chart evaluates with `tpl`). */
export function valueStrings(value: JsonValue): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(valueStrings);
  if (isJsonObject(value)) return Object.values(value).flatMap(valueStrings);
  return [];
}

/** Both uses at once: what either reads, whether either varies. */
export function mergeTemplateUse(a: ChartTemplateUse, b: ChartTemplateUse): ChartTemplateUse {
  return {
    apiVersionQueries:
      a.apiVersionQueries === "any" || b.apiVersionQueries === "any"
        ? "any"
        : [...new Set([...a.apiVersionQueries, ...b.apiVersionQueries])].sort(compareCodePoints),
    readsKubeVersion: a.readsKubeVersion || b.readsKubeVersion,
    kubeVersionConstraints: [...new Set([...a.kubeVersionConstraints, ...b.kubeVersionConstraints])].sort(
      compareCodePoints,
    ),
    varies: a.varies || b.varies,
  };
}

/**
 * The template use of a packaged chart: every file of the .tgz read as text, subchart packages
 * (`charts/*.tgz`) opened in turn, and each Chart.yaml's `kubeVersion` collected.
 */
export async function chartTemplateUse(chartFile: string): Promise<ChartTemplateUse> {
  const texts: string[] = [];
  const constraints = new Set<string>();
  await readPackage(await readFile(chartFile), (path, text) => {
    texts.push(text);
    if (/(^|\/)Chart\.yaml$/.test(path)) {
      const chart = parse(text) as JsonValue;
      const constraint = isJsonObject(chart) ? chart.kubeVersion : undefined;
      if (typeof constraint === "string" && constraint.trim() !== "") constraints.add(constraint.trim());
    }
  });
  return mergeTemplateUse(templateUseOf(texts), {
    ...NONE,
    kubeVersionConstraints: [...constraints].sort(compareCodePoints),
  });
}

/** Calls `onFile` with the path and text of every file of a (gzipped) tar, nested packages opened. */
async function readPackage(data: Buffer, onFile: (path: string, text: string) => void): Promise<void> {
  const nested: Promise<void>[] = [];
  await new Promise<void>((resolve, reject) => {
    const parser = new Parser({
      onReadEntry: (entry: ReadEntry) => {
        if (entry.type !== "File") {
          entry.resume();
          return;
        }
        const chunks: Buffer[] = [];
        entry.on("data", (c: Buffer) => chunks.push(c));
        entry.on("end", () => {
          const bytes = Buffer.concat(chunks);
          if (/\.(tgz|tar\.gz)$/.test(entry.path)) nested.push(readPackage(bytes, onFile));
          else onFile(entry.path, bytes.toString("utf8"));
        });
      },
    });
    parser.on("end", () => resolve());
    parser.on("error", reject);
    parser.end(data);
  });
  await Promise.all(nested);
}
