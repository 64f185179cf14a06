import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { bundledKubectl } from "../chart-check/bundled-tools.js";

const KUSTOMIZATION = "kustomization.yaml";

/**
 * The folders of a rendered tree (its file paths) that hold a kustomization.yaml, "." for the
 * root; only those under one of `prefixes` when given.
 */
export function kustomizationFolders(files: Iterable<string>, prefixes: readonly string[] = []): string[] {
  const folders: string[] = [];
  for (const file of files) {
    if (file !== KUSTOMIZATION && !file.endsWith(`/${KUSTOMIZATION}`)) continue;
    if (prefixes.length > 0 && !prefixes.some((p) => file.startsWith(p))) continue;
    folders.push(file.slice(0, -KUSTOMIZATION.length - 1) || ".");
  }
  return folders;
}

/**
 * Builds each folder of a tree written under `dir` with `kubectl kustomize` (README.md's "Validation", layer 5:
 * the real tool on the output), returning folder → built YAML; throws kubectl's message for a
 * folder it cannot build. kubectl is the one bundled with the project (no kubectl on PATH needed).
 */
export function kustomizeBuild(dir: string, folders: readonly string[]): Map<string, string> {
  const kubectl = bundledKubectl();
  return new Map(
    folders.map((folder) => [
      folder,
      execFileSync(kubectl, ["kustomize", join(dir, folder)], { encoding: "utf8" }),
    ]),
  );
}
