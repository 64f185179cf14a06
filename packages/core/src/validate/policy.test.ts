import { describe, expect, it } from "vitest";
import { checkPolicy, unpinnedReason } from "./policy.js";
import type { PlainObject } from "./reference-rules.js";

describe("policy", () => {
  it("accepts exact versions and rejects latest, ranges and wildcards", () => {
    for (const ok of ["1.2.3", "v1.21.1", "0.26.1-rc.1", "2.2.16+build.5"])
      expect(unpinnedReason(ok)).toBeUndefined();
    for (const bad of ["latest", "*", "^1.2.3", "~1.2", "1.x", ">=1.0.0", "1.2", "", undefined])
      expect(unpinnedReason(bad)).toBeDefined();
  });

  it("requires pinned images and resources on containers we define", () => {
    const deployment: PlainObject = {
      spec: {
        template: {
          spec: {
            containers: [
              { name: "a", image: "nginx:latest" },
              {
                name: "b",
                image: "nginx:1.27.0",
                resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { memory: "32Mi" } },
              },
              {
                name: "c",
                image: "ghcr.io/x/y@sha256:abc",
                resources: { requests: { memory: "1Mi" }, limits: { memory: "1Mi" } },
              },
            ],
          },
        },
      },
    };
    expect(checkPolicy("apps/Deployment", deployment).map((v) => v.path)).toEqual([
      "/spec/template/spec/containers/0/image",
      "/spec/template/spec/containers/0/resources/requests",
      "/spec/template/spec/containers/0/resources/limits",
      "/spec/template/spec/containers/0/resources/requests/cpu",
      "/spec/template/spec/containers/2/resources/requests/cpu",
    ]);
  });

  it("forbids plain Secrets and OCI semver ranges", () => {
    expect(checkPolicy("Secret", {})).toHaveLength(1);
    expect(
      checkPolicy("source.toolkit.fluxcd.io/OCIRepository", { spec: { ref: { semver: ">=1.0.0" } } }),
    ).toEqual([
      { path: "/spec/ref/semver", message: "semver ranges are not pins: use ref.tag with an exact version" },
    ]);
  });
});
