import fastJsonPatch from "fast-json-patch";
import type { ObjectPatch } from "../model/object-patch.js";
import type { Problem } from "../validate/problem.js";
import type { PlainObject } from "../validate/reference-rules.js";
import type { PlacedObject } from "./assemble.js";
import { strategicMerge } from "./strategic-merge.js";

const { applyPatch, JsonPatchError } = fastJsonPatch;

const identity = (o: PlainObject): string => {
  const meta = (o.metadata ?? {}) as { name?: unknown; namespace?: unknown };
  return JSON.stringify([o.apiVersion, o.kind, meta.name, meta.namespace]);
};

const targetText = (p: ObjectPatch): string =>
  `${p.target.kind}/${p.target.namespace ? `${p.target.namespace}/` : ""}${p.target.name}`;

/**
 * Applies a cluster's patches to its placed objects (a new list; the patched objects replaced) and
 * reports, each located as `patches[i]`, a target the component does not render (or renders more
 * than once), an operation that fails, and a patch that changes the object's identity.
 */
export function applyPatches(
  cluster: string,
  objects: readonly PlacedObject[],
  patches: readonly ObjectPatch[],
): { objects: PlacedObject[]; problems: Problem[] } {
  const out = [...objects];
  const problems: Problem[] = [];
  patches.forEach((patch, i) => {
    const where = { cluster, layer: "build" as const, component: patch.component };
    const matches = out
      .map((o, at) => ({ o, at }))
      .filter(({ o }) => {
        const meta = (o.object.metadata ?? {}) as { name?: unknown; namespace?: unknown };
        return (
          o.component === patch.component &&
          !o.fileName.endsWith("/ks.yaml") &&
          o.object.kind === patch.target.kind &&
          meta.name === patch.target.name &&
          (patch.target.namespace === undefined || meta.namespace === patch.target.namespace) &&
          (patch.target.apiVersion === undefined || o.object.apiVersion === patch.target.apiVersion)
        );
      });
    const [match] = matches;
    if (!match || matches.length > 1) {
      const own = out.filter((o) => o.component === patch.component && !o.fileName.endsWith("/ks.yaml"));
      problems.push({
        ...where,
        path: `patches[${i}].target`,
        message: !match
          ? `component "${patch.component}" renders no ${targetText(patch)}${own.length > 0 ? ` (it renders ${own.map((o) => o.id).join(", ")})` : " (no such component, or it renders nothing)"}`
          : `${targetText(patch)} matches ${matches.length} objects of the component (${matches.map((m) => m.o.id).join(", ")}): set target.namespace or target.apiVersion`,
      });
      return;
    }
    const { o, at } = match;
    let patched = strategicMerge(o.object, patch.merge ?? {}) as PlainObject;
    if (patch.jsonPatch && patch.jsonPatch.length > 0) {
      try {
        // Validated and applied to a copy; prototype pollution is refused.
        patched = applyPatch(structuredClone(patched), [...patch.jsonPatch], true, true, true).newDocument;
      } catch (error) {
        const index = error instanceof JsonPatchError ? error.index : undefined;
        const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
        problems.push({
          ...where,
          package: o.packageName,
          object: o.id,
          path: `patches[${i}].jsonPatch${index === undefined ? "" : `[${index}]`}`,
          message: `cannot apply: ${reason}`,
        });
        return;
      }
    }
    if (identity(patched) !== identity(o.object)) {
      problems.push({
        ...where,
        package: o.packageName,
        object: o.id,
        path: `patches[${i}]`,
        message:
          "a patch may not change the object's apiVersion, kind, name or namespace: render another object instead",
      });
      return;
    }
    out[at] = { ...o, object: patched };
  });
  return { objects: out, problems };
}
