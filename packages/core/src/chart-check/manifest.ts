import { parse, parseAllDocuments } from "yaml";
import { isJsonObject, type JsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";

/** One object of a chart's templated output. */
export interface ChartObject {
  /** The template it came from, e.g. "velero/templates/deployment.yaml" or "velero/crds/…". */
  readonly source: string;
  readonly object: JsonObject;
}

const SOURCE = /^\s*# Source: (.+)$/m;

/** Re-reads a document YAML 1.2 rejects with the parser the cluster uses (Go's). */
export type GoYamlReader = (document: string) => Promise<string>;

/**
 * The objects of `helm template` output, in order, each with the template that produced it. Empty
 * documents (a template that rendered nothing) are dropped; a document YAML 1.2 rejects is read
 * again through `goYaml` when given; a document that is not a Kubernetes object is an error naming
 * its template.
 */
export async function parseManifest(manifest: string, goYaml?: GoYamlReader): Promise<ChartObject[]> {
  const out: ChartObject[] = [];
  // Helm names each template document, but a crds/ file only once, before its first document (in
  // an empty document of its own when the file starts with "---"): a name holds until the next.
  let current = "";
  for (const doc of parseAllDocuments(manifest)) {
    const text = manifest.slice(doc.range[0], doc.range[2]);
    const own = SOURCE.exec(doc.commentBefore ?? "")?.[1] ?? SOURCE.exec(text)?.[1];
    if (own !== undefined) current = own;
    const source = current;
    let value: JsonValue | null;
    if (doc.errors.length === 0) value = doc.toJS({ maxAliasCount: -1 }) as JsonValue | null;
    else if (goYaml) value = parse(await goYaml(text), { maxAliasCount: -1 }) as JsonValue | null;
    else throw new Error(`${source || "chart output"}: ${doc.errors[0]?.message ?? "invalid YAML"}`);
    if (value === null || value === undefined) continue;
    if (!isJsonObject(value) || typeof value.kind !== "string" || typeof value.apiVersion !== "string") {
      throw new Error(
        `${source || "chart output"}: a document that is not a Kubernetes object (no apiVersion/kind)`,
      );
    }
    out.push({ source, object: value });
  }
  return out;
}

/** True if the object comes from the chart's (or a subchart's) `crds/` folder. */
export function fromCrdsFolder(o: ChartObject): boolean {
  return /(^|\/)crds\//.test(o.source) && !/\/templates\//.test(o.source);
}
