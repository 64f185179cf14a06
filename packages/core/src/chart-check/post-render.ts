import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { stringify } from "yaml";
import { isJsonObject } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import { type ChartObject, fromCrdsFolder, parseManifest } from "./manifest.js";

const run = promisify(execFile);

/**
 * Applies a HelmRelease's `postRenderers` the way helm-controller does: each kustomize post-renderer
 * (its `patches` and `images`) in order over the templated objects, with the bundled
 * `kubectl kustomize`. CRDs from `crds/` folders are not post-rendered (Helm installs them apart).
 * Objects keep the template they came from. Throws kubectl's message when a patch does not apply.
 */
export async function applyPostRenderers(
  kubectl: string,
  objects: readonly ChartObject[],
  postRenderers: readonly JsonValue[],
): Promise<ChartObject[]> {
  const kustomizations = postRenderers
    .map((p) => (isJsonObject(p) ? p.kustomize : undefined))
    .filter((k) => isJsonObject(k));
  if (kustomizations.length === 0) return [...objects];
  const crds = objects.filter(fromCrdsFolder);
  let rest = objects.filter((o) => !fromCrdsFolder(o));
  const sources = new Map(rest.map((o) => [identity(o.object), o.source]));
  const dir = await mkdtemp(join(tmpdir(), "helix-post-render-"));
  try {
    for (const k of kustomizations) {
      const manifest = rest.map((o) => `---\n${stringify(o.object)}`).join("");
      await writeFile(join(dir, "manifest.yaml"), manifest);
      const kustomization = {
        apiVersion: "kustomize.config.k8s.io/v1beta1",
        kind: "Kustomization",
        resources: ["manifest.yaml"],
        ...(Array.isArray(k.patches) ? { patches: k.patches } : {}),
        ...(Array.isArray(k.images) ? { images: k.images } : {}),
      };
      await writeFile(join(dir, "kustomization.yaml"), stringify(kustomization));
      const { stdout } = await run(kubectl, ["kustomize", dir], { maxBuffer: 512 * 1024 * 1024 });
      rest = (await parseManifest(stdout)).map((o) => ({
        source: sources.get(identity(o.object)) ?? "",
        object: o.object,
      }));
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return [...crds, ...rest];
}

function identity(o: ChartObject["object"]): string {
  const meta = isJsonObject(o.metadata) ? o.metadata : {};
  return `${String(o.apiVersion)}|${String(o.kind)}|${String(meta.namespace ?? "")}|${String(meta.name ?? "")}`;
}
