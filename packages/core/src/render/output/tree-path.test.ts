import { describe, expect, it } from "vitest";
import { isWriterOwnPath, pathInside, plannedPathReason, unsafePathReason } from "./tree-path.js";

describe("unsafePathReason", () => {
  it("given plain relative paths, when checked, then they pass", () => {
    for (const rel of ["kustomization.yaml", "apps/app/ks.yaml", "a/b.c/d-e_f.yaml", ".hidden/x", "..x/y"])
      expect(unsafePathReason(rel), rel).toBeUndefined();
  });

  it("given paths that leave the folder or break the index, when checked, then each is refused with its reason", () => {
    expect(unsafePathReason("apps/../../../../tmp/x/ks.yaml")).toBe('has a ".." segment');
    expect(unsafePathReason("../x")).toBe('has a ".." segment');
    expect(unsafePathReason("./x")).toBe('has a "." segment');
    expect(unsafePathReason("/etc/passwd")).toBe("is absolute");
    expect(unsafePathReason("C:/x")).toBe("starts with a drive letter");
    expect(unsafePathReason("a\\..\\..\\x")).toBe("contains a backslash");
    expect(unsafePathReason("a\u0000b")).toMatch(/control character/);
    expect(unsafePathReason("a\nb")).toMatch(/control character/);
    expect(unsafePathReason("a//b")).toMatch(/empty segment/);
    expect(unsafePathReason("a/")).toMatch(/empty segment/);
    expect(unsafePathReason("")).toBe("is empty");
    expect(unsafePathReason(".helix-render/journal")).toMatch(/writer's own/);
  });

  it("given the marker's name, when a caller plans it, then it is refused (the writer writes it itself)", () => {
    expect(unsafePathReason(".helix-rendered")).toBeUndefined();
    expect(plannedPathReason(".helix-rendered")).toMatch(/marker/);
    expect(plannedPathReason("apps/.helix-rendered")).toBeUndefined();
  });
});

describe("pathInside", () => {
  it("given a path inside, when resolved, then it is under the root", () => {
    expect(pathInside("/out/rendered", "apps/ks.yaml")).toBe("/out/rendered/apps/ks.yaml");
  });

  it("given a path that resolves outside, when resolved, then it throws naming both", () => {
    expect(() => pathInside("/out/rendered", "../../tmp/x")).toThrow(
      /resolves to \/tmp\/x, outside \/out\/rendered/,
    );
    expect(() => pathInside("/out/rendered", "/etc/passwd")).toThrow(/outside/);
    expect(() => pathInside("/out/rendered", "../rendered-evil/x")).toThrow(/outside/);
  });
});

describe("isWriterOwnPath", () => {
  it("given the marker or the state folder at any depth, when asked, then they are the writer's", () => {
    expect(isWriterOwnPath(".helix-rendered")).toBe(true);
    expect(isWriterOwnPath("rendered/.helix-rendered")).toBe(true);
    expect(isWriterOwnPath("rendered/.helix-render/index")).toBe(true);
    expect(isWriterOwnPath("rendered/apps/ks.yaml")).toBe(false);
  });
});
