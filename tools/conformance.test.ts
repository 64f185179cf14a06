import { execFile } from "node:child_process";
import { cp, mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { runConformance } from "./conformance/check.js";
import { defaultUpstreamDir, UPSTREAM_ENV } from "./upstream-data.js";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const schemas = defaultUpstreamDir(root);
const rendered = join(root, "clusters/helix-onprem/rendered");

type Doc = { [key: string]: unknown };

/** Sets (or with `undefined`, deletes) the value at a dotted path of a parsed YAML document. */
function setAt(doc: Doc, path: string, value: unknown): void {
  const keys = path.split(".");
  const last = keys.pop() as string;
  const parent = keys.reduce<Doc>((node, key) => node[key] as Doc, doc);
  if (value === undefined) delete parent[last];
  else parent[last] = value;
}

/** Copies the committed output and rewrites one object in it. */
async function planted(file: string, edit: (obj: Doc) => void): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), "helix-conformance-"));
  await cp(rendered, dir, { recursive: true });
  const obj = parse(await readFile(join(dir, file), "utf8"));
  edit(obj);
  await writeFile(join(dir, file), `---\n${stringify(obj)}`);
  return dir;
}

describe("npm run conformance", () => {
  let clean: Awaited<ReturnType<typeof runConformance>>;
  beforeAll(async () => {
    clean = await runConformance(schemas, [rendered], root);
  });

  it("finds nothing on the committed output, and really validates it", () => {
    expect(clean.problems).toEqual([]);
    expect(clean.validatedObjects).toBeGreaterThan(10);
    expect(clean.validatedValues).toBeGreaterThan(0);
  });

  const cases: [string, string, (o: Doc) => void, { path: string; message: RegExp }][] = [
    [
      "an unknown field in a custom resource",
      "cert-manager/cert-manager-issuers/certificate-wildcard-helix-ai-net.yaml",
      (o) => {
        setAt(o, "spec.dnsNamez", ["x"]);
      },
      { path: "/spec/dnsNamez", message: /unknown field/ },
    ],
    [
      "a wrong type in a custom resource",
      "cert-manager/cert-manager-issuers/clusterissuer-letsencrypt-production.yaml",
      (o) => {
        setAt(o, "spec.acme.server", 42);
      },
      { path: "/spec/acme/server", message: /must be string/ },
    ],
    [
      "a Flux interval that breaks upstream's pattern",
      "cert-manager/cert-manager/ks.yaml",
      (o) => {
        setAt(o, "spec.interval", "30 minutes");
      },
      { path: "/spec/interval", message: /must match pattern/ },
    ],
    [
      "a missing required field",
      "cert-manager/cert-manager/ocirepository.yaml",
      (o) => {
        setAt(o, "spec.url", undefined);
      },
      { path: "/spec/url", message: /is required/ },
    ],
    [
      "an unknown key in chart values",
      "cert-manager/cert-manager/helmrelease.yaml",
      (o) => {
        setAt(o, "spec.values.crds.kep", true);
      },
      { path: "/spec/values/crds/kep", message: /unknown field/ },
    ],
    [
      "a wrongly typed chart value",
      "cert-manager/cert-manager/helmrelease.yaml",
      (o) => {
        setAt(o, "spec.values.replicaCount", "two");
      },
      { path: "/spec/values/replicaCount", message: /must be number/ },
    ],
  ];
  for (const [what, file, edit, expected] of cases) {
    it(`catches ${what}`, async () => {
      const dir = await planted(file, edit);
      const report = await runConformance(schemas, [dir], dir);
      expect(report.problems).toContainEqual(
        expect.objectContaining({
          file,
          path: expected.path,
          message: expect.stringMatching(expected.message),
        }),
      );
    });
  }
});

describe("the upstream data folder", () => {
  it("is found beside the checkout a clone was made from, and $HELIX_UPSTREAM overrides it", async () => {
    // Given a checkout with shared/upstream beside it, and a clone of it somewhere else:
    const top = await mkdtemp(join(tmpdir(), "helix-upstream-"));
    const origin = join(top, "work", "main");
    await mkdir(join(top, "work", "shared", "upstream", "crds"), { recursive: true });
    await mkdir(origin, { recursive: true });
    await run("git", ["init", "--quiet", origin]);
    const clone = join(top, "elsewhere", "clone");
    await mkdir(clone, { recursive: true });
    await run("git", ["init", "--quiet", clone]);
    await run("git", ["-C", clone, "remote", "add", "origin", origin]);
    // Then the clone finds the origin's upstream folder, and the environment variable wins.
    expect(defaultUpstreamDir(clone)).toBe(join(top, "work", "shared", "upstream"));
    const saved = process.env[UPSTREAM_ENV];
    process.env[UPSTREAM_ENV] = join(top, "explicit");
    try {
      expect(defaultUpstreamDir(clone)).toBe(join(top, "explicit"));
    } finally {
      if (saved === undefined) delete process.env[UPSTREAM_ENV];
      else process.env[UPSTREAM_ENV] = saved;
    }
    // Without either, it names ../shared/upstream beside the repository.
    const lonely = join(top, "lonely", "repo");
    await mkdir(lonely, { recursive: true });
    expect(defaultUpstreamDir(lonely)).toBe(join(top, "lonely", "shared", "upstream"));
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
