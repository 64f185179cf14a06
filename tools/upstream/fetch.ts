/**
 * Fetches the upstream data the manifest lists into a folder: each file from its raw URL, each
 * chart from its publisher's repository (an HTTPS chart repository's index.yaml, or an OCI
 * registry), and keeps only what verifies. Nothing is written for an entry that does not verify;
 * every entry that could not be fetched or verified is reported with its reason.
 */
import { mkdir, rename, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parse } from "yaml";
import { allEntries, type UpstreamChart, type UpstreamFile, type UpstreamManifest } from "./manifest.js";
import { checkBytes, checkEntry, sha256Hex } from "./verify.js";

/** Options of {@link fetchUpstream}. */
export interface FetchOptions {
  /** Registry hosts (host:port) spoken to over plain HTTP instead of HTTPS, like helm's --plain-http. @default [] */
  readonly plainHttpRegistries?: readonly string[];
  /** Time limit of each request. @default 120000 */
  readonly requestTimeoutMs?: number;
  /** Requests under way at once. @default 8 */
  readonly concurrency?: number;
}

/** What a fetch did. */
export interface FetchReport {
  readonly dir: string;
  /** Entries already present and verified (not downloaded again). */
  readonly present: readonly string[];
  /** Entries downloaded and verified, with where from and how they verified. */
  readonly fetched: readonly { file: string; from: string; by: "sha256" | "content digest" }[];
  /** Entries that could not be fetched or did not verify: nothing was written for them. */
  readonly problems: readonly { file: string; problem: string }[];
}

const HELM_LAYER = "application/vnd.cncf.helm.chart.content.v1.tar+gzip";
const OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

function isChart(entry: UpstreamFile | UpstreamChart): entry is UpstreamChart {
  return "contentDigest" in entry;
}

class Downloader {
  readonly #opts: Required<FetchOptions>;
  readonly #indexes = new Map<string, Promise<HelmIndex>>();
  readonly #tokens = new Map<string, string>();

  constructor(opts: FetchOptions) {
    this.#opts = {
      plainHttpRegistries: opts.plainHttpRegistries ?? [],
      requestTimeoutMs: opts.requestTimeoutMs ?? 120_000,
      concurrency: opts.concurrency ?? 8,
    };
  }

  async get(url: string, headers: Record<string, string> = {}): Promise<Response> {
    try {
      return await fetch(url, { headers, signal: AbortSignal.timeout(this.#opts.requestTimeoutMs) });
    } catch (error) {
      // fetch() says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a timeout) is its cause.
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`GET ${url}: ${reason}`);
    }
  }

  async bytes(url: string, headers: Record<string, string> = {}): Promise<Uint8Array> {
    const response = await this.get(url, headers);
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  /** A chart from an HTTPS repository: its index.yaml entry, checked against the index's digest. */
  async helmChart(chart: UpstreamChart): Promise<{ bytes: Uint8Array; from: string }> {
    const base = chart.repository.endsWith("/") ? chart.repository : `${chart.repository}/`;
    let index = this.#indexes.get(base);
    if (!index) {
      index = this.bytes(new URL("index.yaml", base).href).then(
        (b) => parse(Buffer.from(b).toString("utf8")) as HelmIndex,
      );
      this.#indexes.set(base, index);
    }
    const entry = (await index).entries?.[chart.name]?.find((e) => String(e.version) === chart.version);
    const first = entry?.urls?.[0];
    if (!first) throw new Error(`${base}index.yaml has no ${chart.name} ${chart.version}`);
    const url = new URL(first, base).href;
    const bytes = await this.bytes(url);
    if (entry.digest && sha256Hex(bytes) !== entry.digest)
      throw new Error(`${url} does not match the digest its repository's index.yaml gives (${entry.digest})`);
    return { bytes, from: url };
  }

  /** A chart from an OCI registry: its manifest's Helm layer, checked against the layer digest. */
  async ociChart(chart: UpstreamChart): Promise<{ bytes: Uint8Array; from: string }> {
    const ref = `${chart.repository.replace(/^oci:\/\//, "").replace(/\/$/, "")}/${chart.name}`;
    const slash = ref.indexOf("/");
    const host = ref.slice(0, slash);
    const path = ref.slice(slash + 1);
    const scheme = this.#opts.plainHttpRegistries.includes(host) ? "http" : "https";
    const base = `${scheme}://${host}/v2/${path}`;
    const manifest = (await (
      await this.registryGet(`${base}/manifests/${chart.version}`, path, { accept: OCI_MANIFEST })
    ).json()) as { layers?: { mediaType: string; digest: string }[] };
    const layer = manifest.layers?.find((l) => l.mediaType === HELM_LAYER);
    if (!layer) throw new Error(`oci://${ref}:${chart.version} has no Helm chart layer`);
    const response = await this.registryGet(`${base}/blobs/${layer.digest}`, path, {});
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (`sha256:${sha256Hex(bytes)}` !== layer.digest)
      throw new Error(`oci://${ref}:${chart.version}: the layer does not match its digest ${layer.digest}`);
    return { bytes, from: `oci://${ref}:${chart.version}` };
  }

  /** GET from a registry, with an anonymous pull token when the registry asks for one. */
  async registryGet(url: string, path: string, headers: Record<string, string>): Promise<Response> {
    const token = this.#tokens.get(path);
    let response = await this.get(url, token ? { ...headers, authorization: `Bearer ${token}` } : headers);
    const challenge = response.headers.get("www-authenticate");
    if (response.status === 401 && challenge?.startsWith("Bearer ")) {
      const params = Object.fromEntries(
        [...challenge.slice(7).matchAll(/(\w+)="([^"]*)"/g)].map(([, k, v]) => [k ?? "", v ?? ""]),
      );
      const realm = new URL(params.realm ?? "");
      if (params.service) realm.searchParams.set("service", params.service);
      realm.searchParams.set("scope", params.scope ?? `repository:${path}:pull`);
      const body = (await (await this.get(realm.href)).json()) as { token?: string; access_token?: string };
      const fresh = body.token ?? body.access_token;
      if (!fresh) throw new Error(`${realm.origin} gave no pull token`);
      this.#tokens.set(path, fresh);
      response = await this.get(url, { ...headers, authorization: `Bearer ${fresh}` });
    }
    if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
    return response;
  }

  get concurrency(): number {
    return this.#opts.concurrency;
  }
}

interface HelmIndex {
  readonly entries?: Record<string, { version: string; urls?: string[]; digest?: string }[]>;
}

/** Writes the bytes beside the target first, then renames, so a file is never half there. */
async function writeAtomically(file: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  const partial = `${file}.partial-${process.pid}`;
  await writeFile(partial, bytes);
  await rename(partial, file);
}

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/** Fetches every entry of the manifest that `dir` lacks or holds wrongly, and verifies each. */
export async function fetchUpstream(
  dir: string,
  manifest: UpstreamManifest,
  opts: FetchOptions = {},
): Promise<FetchReport> {
  const downloader = new Downloader(opts);
  const present: string[] = [];
  const fetched: { file: string; from: string; by: "sha256" | "content digest" }[] = [];
  const problems: { file: string; problem: string }[] = [];
  await eachLimited(allEntries(manifest), downloader.concurrency, async (entry) => {
    if ((await checkEntry(dir, entry)).kind === "verified") {
      present.push(entry.file);
      return;
    }
    let got: { bytes: Uint8Array; from: string };
    try {
      if (!isChart(entry)) got = { bytes: await downloader.bytes(entry.url), from: entry.url };
      else if (entry.repository.startsWith("oci://")) got = await downloader.ociChart(entry);
      else got = await downloader.helmChart(entry);
    } catch (error) {
      problems.push({ file: entry.file, problem: `could not fetch: ${(error as Error).message}` });
      return;
    }
    const status = await checkBytes(entry, got.bytes);
    if (status.kind !== "verified") {
      const detail = status.kind === "mismatch" ? status.detail : "empty";
      problems.push({
        file: entry.file,
        problem: `fetched from ${got.from} but it does not verify: ${detail}`,
      });
      return;
    }
    await writeAtomically(join(dir, entry.file), got.bytes);
    fetched.push({ file: entry.file, from: got.from, by: status.by });
  });
  const byFile = (a: { file: string }, b: { file: string }): number =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : 0;
  return { dir, present: present.sort(), fetched: fetched.sort(byFile), problems: problems.sort(byFile) };
}
