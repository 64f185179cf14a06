import { describe, expect, it } from "vitest";
import { kustomizationFolders } from "./kustomize-build.js";

describe("kustomizationFolders", () => {
  const files = [
    "kustomization.yaml",
    "flux-system/kustomization.yaml",
    "flux-system/gitrepository.yaml",
    "apps/kustomization.yaml",
    "apps/web/kustomization.yaml",
    "apps/web/my-kustomization.yaml",
  ];

  it("lists every folder holding a kustomization.yaml, the root as '.'", () => {
    expect(kustomizationFolders(files)).toEqual([".", "flux-system", "apps", "apps/web"]);
  });

  it("keeps only the folders under the given prefixes", () => {
    expect(kustomizationFolders(files, ["apps/"])).toEqual(["apps", "apps/web"]);
  });
});
