import type { InputSchema } from "../validate/input-schema.js";
import type { ClusterSettings } from "./cluster-settings.js";
import type { NamespacePackage } from "./namespace-package.js";

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
  readonly namespaces: readonly NamespacePackage[];
}

/** Declares a cluster. A cluster entry default-exports the result. */
export function defineCluster<Settings extends ClusterSettings>(
  def: ClusterDefinition<Settings>,
): ClusterDefinition<Settings> {
  return Object.freeze({ ...def, namespaces: Object.freeze([...def.namespaces]) });
}

/** Type guard for a module's default export. */
export function isClusterDefinition(value: unknown): value is ClusterDefinition {
  if (typeof value !== "object" || value === null) return false;
  const v = value as Partial<ClusterDefinition>;
  return typeof v.name === "string" && typeof v.settings === "object" && Array.isArray(v.namespaces);
}
