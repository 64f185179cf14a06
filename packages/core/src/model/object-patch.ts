import type { JsonValue } from "./kube-object.js";

/** One RFC 6902 JSON Patch operation; paths are JSON pointers into the object ("/spec/replicas"). */
export type JsonPatchOperation =
  | { readonly op: "add" | "replace" | "test"; readonly path: string; readonly value: JsonValue }
  | { readonly op: "remove"; readonly path: string }
  | { readonly op: "move" | "copy"; readonly from: string; readonly path: string };

/** The rendered object a patch changes, within its component. */
export interface PatchTarget {
  /** Kind of the object, e.g. "Deployment" or "HelmRelease". */
  readonly kind: string;
  /** metadata.name of the object. */
  readonly name: string;
  /** metadata.namespace, when the component renders the name in several namespaces. @default any */
  readonly namespace?: string;
  /** apiVersion, when two API groups share the kind in the component. @default any */
  readonly apiVersion?: string;
}

/**
 * The escape hatch: a change to one rendered object of a component, for what no option of its
 * package exposes. Applied to the built objects before validation, so the patched object is
 * validated like any other. `merge` is applied first, then `jsonPatch`. A patch may not change the
 * object's apiVersion, kind, name or namespace.
 */
export interface ObjectPatch {
  /** Name of the component that renders the object. */
  readonly component: string;
  readonly target: PatchTarget;
  /** RFC 6902 operations, applied in order; a failing `test` or a missing path is a problem. @default [] */
  readonly jsonPatch?: readonly JsonPatchOperation[];
  /**
   * A strategic-merge patch: maps are merged key by key, `null` removes a key, a list whose items
   * are all objects with a `name` (containers, env, volumes, ports…) is merged item by item by
   * name (an item `{ name, $patch: "delete" }` removes it, a new name is appended), and any other
   * list or value replaces the original. @default undefined
   */
  readonly merge?: { readonly [key: string]: JsonValue };
}
