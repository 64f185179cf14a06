import { execFile } from "node:child_process";
import { mkdir, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { withoutNulls } from "./conformance/check.js";
import { defaultUpstreamDir, locateUpstream, UPSTREAM_ENV, upstreamCacheDir } from "./upstream-data.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");

describe("the upstream data folder", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it("is found beside the checkout a clone was made from, $HELIX_UPSTREAM overrides it, the fetch cache comes last", async () => {
    // Given a checkout with shared/upstream beside it, a clone of it somewhere else, an empty cache:
    const top = await mkdtemp(join(tmpdir(), "helix-upstream-"));
    vi.stubEnv(UPSTREAM_ENV, undefined);
    vi.stubEnv("XDG_CACHE_HOME", join(top, "cache"));
    const origin = join(top, "work", "main");
    await mkdir(join(top, "work", "shared", "upstream", "crds"), { recursive: true });
    await mkdir(origin, { recursive: true });
    await run("git", ["init", "--quiet", origin]);
    const clone = join(top, "elsewhere", "clone");
    await mkdir(clone, { recursive: true });
    await run("git", ["init", "--quiet", clone]);
    await run("git", ["-C", clone, "remote", "add", "origin", origin]);
    // Then the clone finds the origin's upstream folder, and the environment variable wins.
    expect(locateUpstream(clone)).toEqual({
      dir: join(top, "work", "shared", "upstream"),
      found: "beside-origin",
    });
    vi.stubEnv(UPSTREAM_ENV, join(top, "explicit"));
    expect(defaultUpstreamDir(clone)).toBe(join(top, "explicit"));
    vi.stubEnv(UPSTREAM_ENV, undefined);
    // Without either, it names ../shared/upstream beside the repository…
    const lonely = join(top, "lonely", "repo");
    await mkdir(lonely, { recursive: true });
    expect(locateUpstream(lonely)).toEqual({ dir: join(top, "lonely", "shared", "upstream"), found: "none" });
    // …until npm run upstream has fetched into the cache.
    await mkdir(join(upstreamCacheDir(), "crds"), { recursive: true });
    expect(upstreamCacheDir()).toBe(join(top, "cache", "helix-cluster", "upstream"));
    expect(locateUpstream(lonely)).toEqual({ dir: upstreamCacheDir(), found: "cache" });
    await rm(top, { recursive: true, force: true });
  });

  it("when missing, stops conformance and generate with a message naming the folder and the flag", async () => {
    const missing = join(tmpdir(), "helix-no-upstream-here");
    for (const [script, flag] of [
      ["tools/conformance.ts", "--schemas"],
      ["tools/generate.ts", "--upstream"],
    ] as const) {
      const result = await run(
        process.execPath,
        [
          "--conditions=helix-source",
          "--import",
          "tsx",
          script,
          flag,
          missing,
          ...(script.includes("generate") ? ["--out", join(missing, "out")] : []),
        ],
        { cwd: root },
      ).then(
        () => ({ code: 0, stderr: "" }),
        (error: { code?: number; stderr?: string }) => ({ code: error.code, stderr: error.stderr ?? "" }),
      );
      expect(result.code, script).toBe(2);
      expect(result.stderr, script).toContain(
        `no upstream data in ${missing} (missing crds/, values-schemas/)`,
      );
      expect(result.stderr, script).toContain(`pass ${flag} DIR`);
    }
  });
});

describe("conformance of chart values", () => {
  it("given keys set to null, validates the values without them, as Helm deletes them before its schema check", () => {
    expect(
      withoutNulls({ resources: { limits: { cpu: null, memory: "1Gi" } }, list: [{ a: null }], gone: null }),
    ).toEqual({ resources: { limits: { memory: "1Gi" } }, list: [{ a: null }] });
  });
});
