import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type ClusterDefinition, isClusterDefinition } from "../model/cluster.js";

let tsxRegistered = false;

/**
 * Imports a cluster entry (a module whose default export is `defineCluster(…)`). TypeScript entries
 * load through tsx, so another repo can point the CLI at its own `cluster.ts`.
 */
export async function loadClusterEntry(entryPath: string): Promise<ClusterDefinition> {
  const file = resolve(entryPath);
  if (/\.[cm]?tsx?$/.test(file) && !tsxRegistered && !process.execArgv.some((a) => a.includes("tsx"))) {
    const { register } = await import("tsx/esm/api");
    register();
    tsxRegistered = true;
  }
  let mod: { default?: unknown };
  try {
    mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new ClusterEntryError(
      file,
      `cannot load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (!isClusterDefinition(mod.default)) {
    throw new ClusterEntryError(
      file,
      "its default export is not a cluster: export default defineCluster({ … })",
    );
  }
  return mod.default;
}

/** The cluster entry could not be loaded or does not define a cluster. */
export class ClusterEntryError extends Error {
  readonly entry: string;
  constructor(entry: string, reason: string) {
    super(`cluster entry ${entry}: ${reason}`);
    this.entry = entry;
    this.name = "ClusterEntryError";
  }
}
