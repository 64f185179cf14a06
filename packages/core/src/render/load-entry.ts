import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type ClusterDefinition, isClusterDefinition } from "../model/cluster.js";
import { canStripTypes, registerTsSiblingResolution } from "./ts-sibling-resolution.js";

/**
 * Imports a cluster entry (a module whose default export is `defineCluster(…)`), so another repo
 * can point the CLI at its own `cluster.ts`. A TypeScript entry runs under Node's own type
 * stripping where Node has it (≥ 22.18): only the entry's own files are transformed, where a
 * loader such as tsx would intercept every module the render loads. An entry Node cannot run as
 * is (enums, path aliases, type imports without `type`…), or an older Node, goes through tsx.
 */
export async function loadClusterEntry(entryPath: string): Promise<ClusterDefinition> {
  const file = resolve(entryPath);
  if (!existsSync(file)) throw new ClusterEntryError(file, "no such file");
  let mod: { default?: unknown };
  try {
    mod = (await importClusterModule(file)).module;
  } catch (error) {
    throw new ClusterEntryError(
      file,
      `cannot load: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  // tsx runs a .ts file of a package without "type": "module" as CommonJS: its ESM default export
  // then arrives one level down.
  const inner = (mod.default as { default?: unknown } | undefined)?.default;
  if (!isClusterDefinition(mod.default) && isClusterDefinition(inner)) return inner;
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

/** A loaded entry module, and which loader ran it. */
export interface LoadedEntryModule {
  readonly module: { default?: unknown };
  /** `node`: as is, or under Node's type stripping; `tsx`: transformed by tsx. */
  readonly via: "node" | "tsx";
}

/** Errors after which the same entry may still load through tsx. */
const NATIVE_TS_LIMITS = new Set([
  "ERR_UNSUPPORTED_TYPESCRIPT_SYNTAX",
  "ERR_INVALID_TYPESCRIPT_SYNTAX",
  "ERR_UNSUPPORTED_NODE_MODULES_TYPE_STRIPPING",
  "ERR_UNKNOWN_FILE_EXTENSION",
  "ERR_MODULE_NOT_FOUND",
]);

/** Imports an entry file: JavaScript as is, TypeScript as {@link loadClusterEntry} explains. */
export async function importClusterModule(file: string): Promise<LoadedEntryModule> {
  const url = pathToFileURL(file).href;
  const typescript = /\.[cm]?tsx?$/.test(file);
  // Already running under tsx (the workspace's own scripts): it handles the entry too.
  if (!typescript || process.execArgv.some((a) => a.includes("tsx")))
    return { module: (await import(url)) as LoadedEntryModule["module"], via: "node" };
  // Node strips types but does not compile JSX: a .tsx entry goes to tsx.
  if (canStripTypes() && !file.endsWith("x")) {
    registerTsSiblingResolution();
    try {
      return { module: (await import(url)) as LoadedEntryModule["module"], via: "node" };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (!(error instanceof SyntaxError) && !(typeof code === "string" && NATIVE_TS_LIMITS.has(code)))
        throw error;
    }
  }
  // tsImport loads the entry in a module namespace of its own, apart from a failed native attempt.
  const { tsImport } = await import("tsx/esm/api");
  return { module: (await tsImport(url, import.meta.url)) as LoadedEntryModule["module"], via: "tsx" };
}
