import type { ClusterSettings } from "./cluster-settings.js";
import type { NamespacePackage } from "./namespace-package.js";

/** A cluster: its name, its settings and the namespace packages composed into it. */
export interface ClusterDefinition<Settings extends ClusterSettings = ClusterSettings> {
  /** Cluster name: the folder under clusters/ and the prefix of every error. */
  readonly name: string;
  readonly settings: Settings;
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
