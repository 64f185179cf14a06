import type { InputSchema } from "../validate/input-schema.js";
import type { ClusterSettings } from "./cluster-settings.js";
import type { Component } from "./component.js";
import type { NamespacePackage } from "./namespace-package.js";
import type { ObjectPatch } from "./object-patch.js";

/** What a cluster's own bootstrap files are derived from. */
export interface BootstrapFilesInput<Settings extends ClusterSettings = ClusterSettings> {
  /** The cluster's name. */
  readonly name: string;
  /** Its settings. */
  readonly settings: Settings;
  /** The components composed into it, as built. */
  readonly components: readonly Component[];
}

/** A cluster: its name, its settings and the namespace packages composed into it. */
export interface ClusterDefinition<Settings extends ClusterSettings = ClusterSettings> {
  /** Cluster name: the folder under clusters/ and the prefix of every error. */
  readonly name: string;
  /**
   * The settings. They are checked at run time against ClusterSettings' schema before anything is
   * built: unknown keys are rejected unless `settingsSchema` declares them.
   */
  readonly settings: Settings;
  /**
   * JSON Schema of the fields this cluster adds to ClusterSettings (a `Settings` type extending
   * it): `{ properties: { myField: { type: "string" } }, required: ["myField"] }`. Its properties
   * join ClusterSettings' own; any other unknown key is still rejected.
   * @default undefined (no fields beyond ClusterSettings)
   */
  readonly settingsSchema?: InputSchema;
  /** The namespace packages composed into the cluster, each built with the cluster's settings. */
  readonly namespaces: readonly NamespacePackage[];
  /**
   * Files of this cluster's own topology written to `bootstrap/` beside what core writes (k3s
   * configs, Ansible inventory, Helm values): e.g. the variables of its Terraform, with
   * `terraformVarFiles`. Paths are relative to `bootstrap/` ("terraform/x.tfvars.json"); one core
   * writes, a path leaving the folder or an error thrown is a problem of the render.
   * @default undefined (core's files only)
   */
  /**
   * The escape hatch: changes to rendered objects of components (JSON Patch or strategic merge)
   * for what no package option exposes, applied before validation. See ObjectPatch.
   * @default []
   */
  readonly patches?: readonly ObjectPatch[];
  // A method, so a ClusterDefinition<MySettings> is still a ClusterDefinition (bivariant parameter).
  bootstrapFiles?(
    cluster: BootstrapFilesInput<Settings>,
  ): ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

/** Declares a cluster. A cluster entry default-exports the result. */
export function defineCluster<Settings extends ClusterSettings>(
  def: ClusterDefinition<Settings>,
): ClusterDefinition<Settings> {
  return Object.freeze({
    ...def,
    namespaces: Object.freeze([...def.namespaces]),
    ...(def.patches ? { patches: Object.freeze([...def.patches]) } : {}),
  });
}

/** Type guard for a module's default export. */
export function isClusterDefinition(value: unknown): value is ClusterDefinition {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<ClusterDefinition>;
  return typeof v.name === "string" && typeof v.settings === "object" && Array.isArray(v.namespaces);
}
