// The upstream data list and its fetch/verify logic, offline: a local folder and a local HTTP server
// (a raw file host, a Helm chart repository and an OCI registry asking for a pull token) play the
// upstream sources.
import { execFile } from "node:child_process";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { create } from "tar";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { readSources } from "./generate/sources.js";
import { chartContentDigest } from "./upstream/chart-content.js";
import { fetchUpstream } from "./upstream/fetch.js";
import {
  readManifest,
  type UpstreamChart,
  type UpstreamFile,
  type UpstreamManifest,
} from "./upstream/manifest.js";
import { sourcesMarkdown } from "./upstream/sources-md.js";
import { sha256Hex, verifyUpstream } from "./upstream/verify.js";

const root = resolve(import.meta.dirname, "..");
const run = promisify(execFile);
let temp: string;

beforeAll(async () => {
  temp = await mkdtemp(join(tmpdir(), "helix-upstream-test-"));
});
afterAll(async () => {
  await rm(temp, { recursive: true, force: true });
});

/** A chart folder packed as helm would: `<name>/Chart.yaml`, values, one template, extra files. */
async function packChart(
  name: string,
  opts: {
    chart?: Record<string, unknown>;
    template?: string;
    extra?: Record<string, string>;
    level?: number;
  } = {},
): Promise<Buffer> {
  const dir = await mkdtemp(join(temp, "chart-"));
  const chart = opts.chart ?? { apiVersion: "v2", name, version: "1.0.0", appVersion: "2.0.0" };
  await mkdir(join(dir, name, "templates"), { recursive: true });
  await writeFile(join(dir, name, "Chart.yaml"), stringify(chart));
  await writeFile(join(dir, name, "values.yaml"), "replicas: 1\n");
  await writeFile(join(dir, name, "templates", "deployment.yaml"), opts.template ?? "kind: Deployment\n");
  for (const [file, text] of Object.entries(opts.extra ?? {})) await writeFile(join(dir, name, file), text);
  const file = join(dir, "chart.tgz");
  await create({ gzip: { level: opts.level ?? 9 }, cwd: dir, file, portable: true }, [name]);
  return readFile(file);
}

function fileEntry(file: string, content: string, url = "http://127.0.0.1:1/unused"): UpstreamFile {
  return {
    file,
    sha256: sha256Hex(Buffer.from(content)),
    size: Buffer.byteLength(content),
    url,
    urlByTag: false,
    source: {
      repo: "example/repo",
      path: `deploy/${file}`,
      tag: "v1.0.0",
      commit: "a".repeat(40),
      licence: "Apache-2.0",
    },
  };
}

async function chartEntry(
  file: string,
  tgz: Buffer,
  repository: string,
  name: string,
): Promise<UpstreamChart> {
  return {
    file,
    sha256: sha256Hex(tgz),
    size: tgz.length,
    repository,
    name,
    version: "1.0.0",
    contentDigest: await chartContentDigest(tgz),
    source: {
      repo: "example/charts",
      path: `charts/${name}`,
      tag: `${name}-1.0.0`,
      commit: "b".repeat(12),
      licence: "MIT",
    },
  };
}

describe("verifying a local upstream folder", () => {
  it("given a right, a wrong and a missing file, when verified, then the wrong one is rejected with both digests and the missing one named", async () => {
    const dir = await mkdtemp(join(temp, "verify-"));
    await mkdir(join(dir, "crds"));
    await writeFile(join(dir, "crds/good.yaml"), "kind: CustomResourceDefinition\n");
    await writeFile(join(dir, "crds/tampered.yaml"), "kind: CustomResourceDefinition # changed\n");
    const tampered = fileEntry("crds/tampered.yaml", "kind: CustomResourceDefinition\n");
    const manifest: UpstreamManifest = {
      about: "test",
      files: [
        fileEntry("crds/good.yaml", "kind: CustomResourceDefinition\n"),
        tampered,
        fileEntry("crds/gone.yaml", "x"),
      ],
      charts: [],
    };
    const report = await verifyUpstream(dir, manifest);
    expect(report.verified).toEqual([{ file: "crds/good.yaml", by: "sha256" }]);
    expect(report.problems).toEqual([
      {
        file: "crds/tampered.yaml",
        problem: expect.stringContaining(`expected ${tampered.sha256} (31 bytes)`),
      },
      { file: "crds/gone.yaml", problem: "missing" },
    ]);
  });

  it("given the same chart packed differently, when verified, then it verifies by content digest; a changed template does not", async () => {
    const ours = await packChart("demo");
    const entry = await chartEntry("charts/demo-1.0.0.tgz", ours, "https://charts.example", "demo");
    // The publisher's package: another compression level, Chart.yaml keys in another order.
    const republished = await packChart("demo", {
      level: 1,
      chart: { version: "1.0.0", name: "demo", appVersion: "2.0.0", apiVersion: "v2" },
    });
    expect(sha256Hex(republished)).not.toBe(entry.sha256);
    const changed = await packChart("demo", { level: 1, template: "kind: DaemonSet\n" });
    for (const [name, bytes] of [
      ["republished", republished],
      ["changed", changed],
    ] as const) {
      const dir = await mkdtemp(join(temp, `${name}-`));
      await mkdir(join(dir, "charts"));
      await writeFile(join(dir, entry.file), bytes);
      const report = await verifyUpstream(dir, { about: "test", files: [], charts: [entry] });
      if (name === "republished")
        expect(report.verified).toEqual([{ file: entry.file, by: "content digest" }]);
      else
        expect(report.problems[0]?.problem).toMatch(
          /^differs from the pinned upstream file: sha256 .* and content digest/,
        );
    }
  });

  it("given a publisher that adds RELEASE.md, when the entry names that exception, then only then does its package verify", async () => {
    const ours = await packChart("notes");
    const published = await packChart("notes", { extra: { "RELEASE.md": "# 1.0.0\n" } });
    const exceptions = { ignoreFiles: ["RELEASE.md"], reason: "the publisher adds its release notes" };
    expect(await chartContentDigest(published, exceptions)).toBe(await chartContentDigest(ours, exceptions));
    expect(await chartContentDigest(published)).not.toBe(await chartContentDigest(ours));
  });

  it("given the committed manifest, when a folder misses files, then npm run upstream exits 1 naming each", async () => {
    const dir = await mkdtemp(join(temp, "cli-"));
    const manifest = await readManifest(root);
    const first = manifest.files[0] as UpstreamFile;
    await mkdir(join(dir, first.file, ".."), { recursive: true });
    await writeFile(join(dir, first.file), "not the CRD\n");
    const result = await run(process.execPath, ["--import", "tsx", "tools/upstream.ts", "--dir", dir], {
      cwd: root,
    }).then(
      () => ({ code: 0, stderr: "" }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code, stderr: e.stderr ?? "" }),
    );
    expect(result.code).toBe(1);
    const total = manifest.files.length + manifest.charts.length;
    expect(result.stderr).toContain(`${total} of ${total} entries NOT verified`);
    expect(result.stderr).toContain(`${first.file}: differs from the pinned upstream file: sha256 `);
    expect(result.stderr).toContain(`${manifest.charts[0]?.file}: missing`);
  });
});

describe("the committed manifest", () => {
  it("pins every entry by a full SHA-256 and a size, files by a raw URL, charts by repository, name and version", async () => {
    const manifest = await readManifest(root);
    expect(manifest.files.length).toBeGreaterThan(100);
    expect(manifest.charts.length).toBeGreaterThan(20);
    for (const f of manifest.files) {
      expect(f.sha256, f.file).toMatch(/^[0-9a-f]{64}$/);
      expect(f.size, f.file).toBeGreaterThan(0);
      const ref = f.urlByTag ? f.source.tag : f.source.commit;
      expect(ref, f.file).toMatch(f.urlByTag ? /./ : /^[0-9a-f]{40}$/);
      expect(f.url, f.file).toBe(
        `https://raw.githubusercontent.com/${f.source.repo}/${ref}/${f.source.path}`,
      );
    }
    for (const c of manifest.charts) {
      expect(c.sha256, c.file).toMatch(/^[0-9a-f]{64}$/);
      expect(c.contentDigest, c.file).toMatch(/^[0-9a-f]{64}$/);
      expect(c.repository, c.file).toMatch(/^(oci:\/\/\S+[^/]|https:\/\/\S+)$/);
      expect(c.file, c.file).toContain(`${c.name}-${c.version}.tgz`);
      if (c.publishedDiffers) expect(c.publishedDiffers.reason.length, c.file).toBeGreaterThan(20);
    }
    const files = [...manifest.files, ...manifest.charts].map((e) => e.file);
    expect(new Set(files).size).toBe(files.length);
  });

  it("writes a SOURCES.md from which the generator reads back each file's provenance", async () => {
    const manifest = await readManifest(root);
    const dir = await mkdtemp(join(temp, "sources-"));
    await writeFile(join(dir, "SOURCES.md"), sourcesMarkdown(manifest));
    const read = await readSources(dir);
    for (const f of manifest.files) {
      expect(read.get(f.file), f.file).toMatchObject({
        repo: f.source.repo,
        path: f.source.path,
        tag: f.source.tag,
        commit: f.source.commit,
        licenceNote: f.source.licence,
      });
    }
  });
});

describe("fetching from the upstream sources", () => {
  let server: Server;
  let base: string;
  const routes = new Map<string, { body: Buffer | string; type?: string; needsToken?: boolean }>();

  beforeAll(async () => {
    server = createServer((req, res) => {
      const route = routes.get(req.url ?? "");
      if (route?.needsToken && req.headers.authorization !== "Bearer pull-token") {
        res.writeHead(401, {
          "www-authenticate": `Bearer realm="${base}/token",service="test-registry",scope="repository:charts/ocidemo:pull"`,
        });
        res.end();
        return;
      }
      if (!route) {
        res.writeHead(404);
        res.end();
        return;
      }
      res.writeHead(200, { "content-type": route.type ?? "application/octet-stream" });
      res.end(route.body);
    });
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await new Promise((done) => server.close(done));
  });

  it("given files, a chart repository and an OCI registry, when fetched, then what verifies is written and every other entry is named", async () => {
    // Given: a raw file, one served with other bytes, a chart in an index.yaml, one in an OCI registry, one nowhere.
    routes.set("/raw/crd.yaml", { body: "kind: CustomResourceDefinition\n" });
    routes.set("/raw/changed.yaml", { body: "kind: Changed\n" });
    const helmTgz = await packChart("demo");
    const published = await packChart("demo", { level: 1 });
    routes.set("/charts/demo-1.0.0.tgz", { body: published });
    routes.set("/charts/index.yaml", {
      body: stringify({
        apiVersion: "v1",
        entries: { demo: [{ version: "1.0.0", urls: ["demo-1.0.0.tgz"], digest: sha256Hex(published) }] },
      }),
    });
    const ociTgz = await packChart("ocidemo");
    const layer = `sha256:${sha256Hex(ociTgz)}`;
    routes.set("/token?service=test-registry&scope=repository%3Acharts%2Focidemo%3Apull", {
      body: JSON.stringify({ token: "pull-token" }),
    });
    routes.set("/v2/charts/ocidemo/manifests/1.0.0", {
      needsToken: true,
      body: JSON.stringify({
        layers: [{ mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip", digest: layer }],
      }),
    });
    routes.set(`/v2/charts/ocidemo/blobs/${layer}`, { needsToken: true, body: ociTgz });
    const host = base.replace("http://", "");
    const manifest: UpstreamManifest = {
      about: "test",
      files: [
        fileEntry("crds/crd.yaml", "kind: CustomResourceDefinition\n", `${base}/raw/crd.yaml`),
        fileEntry("crds/changed.yaml", "kind: Original\n", `${base}/raw/changed.yaml`),
      ],
      charts: [
        await chartEntry("charts/demo-1.0.0.tgz", helmTgz, `${base}/charts`, "demo"),
        await chartEntry("charts/ocidemo-1.0.0.tgz", ociTgz, `oci://${host}/charts`, "ocidemo"),
        await chartEntry("charts/absent-1.0.0.tgz", helmTgz, `${base}/charts`, "absent"),
      ],
    };
    const dir = await mkdtemp(join(temp, "fetch-"));

    // When
    const report = await fetchUpstream(dir, manifest, { plainHttpRegistries: [host] });

    // Then
    expect(report.fetched).toEqual([
      { file: "charts/demo-1.0.0.tgz", from: `${base}/charts/demo-1.0.0.tgz`, by: "content digest" },
      { file: "charts/ocidemo-1.0.0.tgz", from: `oci://${host}/charts/ocidemo:1.0.0`, by: "sha256" },
      { file: "crds/crd.yaml", from: `${base}/raw/crd.yaml`, by: "sha256" },
    ]);
    expect(report.problems).toEqual([
      {
        file: "charts/absent-1.0.0.tgz",
        problem: `could not fetch: ${base}/charts/index.yaml has no absent 1.0.0`,
      },
      {
        file: "crds/changed.yaml",
        problem: expect.stringMatching(
          new RegExp(`^fetched from ${base}/raw/changed.yaml but it does not verify: sha256 `),
        ),
      },
    ]);
    expect((await verifyUpstream(dir, manifest)).problems.map((p) => p.file)).toEqual([
      "crds/changed.yaml",
      "charts/absent-1.0.0.tgz",
    ]);
    await expect(readFile(join(dir, "crds/changed.yaml"))).rejects.toThrow(/ENOENT/);

    // And a second run finds what it fetched and downloads nothing again.
    const again = await fetchUpstream(dir, manifest, { plainHttpRegistries: [host] });
    expect(again.present).toEqual(["charts/demo-1.0.0.tgz", "charts/ocidemo-1.0.0.tgz", "crds/crd.yaml"]);
    expect(again.fetched).toEqual([]);
  });
});
