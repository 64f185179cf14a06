import type { SecretFileContents } from "../validate/secret-files.js";
import type { AssembledCluster } from "./assemble.js";
import { canonicalObject, toYamlDocument } from "./yaml.js";

/** A kustomize kustomization.yaml listing the given resources. */
export function kustomizationFile(resources: readonly string[]): string {
  return toYamlDocument({
    apiVersion: "kustomize.config.k8s.io/v1beta1",
    kind: "Kustomization",
    resources: [...resources],
  });
}

/**
 * Every file of the rendered tree (relative path → bytes): one object per file in canonical form,
 * the encrypted Secret files as committed, and a kustomization.yaml in every folder.
 */
export function planFiles(assembled: AssembledCluster, secretFiles: SecretFileContents): Map<string, string> {
  const files = new Map<string, string>();
  for (const o of assembled.objects) {
    files.set(joinPath(o.folder, o.fileName), toYamlDocument(canonicalObject(o.object)));
  }
  for (const s of assembled.secrets) {
    const content = secretFiles.get(s.sourcePath);
    if (content !== undefined)
      files.set(joinPath(s.folder, s.fileName), content.startsWith("---") ? content : `---\n${content}`);
  }
  for (const [folder, resources] of assembled.folders) {
    files.set(joinPath(folder, "kustomization.yaml"), kustomizationFile(resources));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function joinPath(folder: string, file: string): string {
  return folder === "" ? file : `${folder}/${file}`;
}
