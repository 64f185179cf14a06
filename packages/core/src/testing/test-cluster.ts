import { randomBytes } from "node:crypto";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { K3S_TOKEN_SECRET_PATH } from "../bootstrap/ansible-inventory.js";
import { type ClusterDefinition, defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import type { NamespacePackage } from "../model/namespace-package.js";
import type { ObjectPatch } from "../model/object-patch.js";
import { assembleCluster, type PlacedSecret } from "../render/assemble.js";
import { type RenderReport, renderCluster } from "../render/render-cluster.js";
import { type AgeKeyPair, generateAgeKeyPair } from "../secrets/age-keys.js";
import { encryptSopsYaml } from "../secrets/encrypt.js";
import { neutralSettings } from "./neutral-settings.js";

/** What a test cluster is made of. */
export interface TestClusterOptions {
  /** The packages (and stand-ins) composed into it. */
  readonly namespaces: readonly NamespacePackage[];
  /** Cluster name. @default "example" */
  readonly name?: string;
  /** Fields replacing those of the neutral settings (see neutralSettings). @default {} */
  readonly settings?: Partial<ClusterSettings>;
  /** The cluster's patches. @default [] */
  readonly patches?: readonly ObjectPatch[];
}

/** A neutral cluster in a temporary folder, with every secret it declares encrypted to a throw-away key. */
export interface TestCluster {
  /** The cluster folder: `secrets/` (encrypted), and `rendered/`, `bootstrap/` once rendered. */
  readonly dir: string;
  readonly cluster: ClusterDefinition;
  /** The throw-away age key its secrets are encrypted to (never a real cluster's). */
  readonly key: AgeKeyPair;
  /** The plain value of each secret key written, by file ("secrets/<ns>/<name>.sops.yaml") and key. */
  readonly secretValues: ReadonlyMap<string, Readonly<Record<string, string>>>;
  /** Validates and (unless `write: false`) writes `rendered/` and `bootstrap/` into `dir`. */
  render(options?: { readonly write?: boolean }): Promise<RenderReport>;
  /** Removes the folder. */
  dispose(): Promise<void>;
}

/** A fresh age key pair for one test: secrets encrypted to it are readable by that test only. */
export function throwAwayKey(): Promise<AgeKeyPair> {
  return generateAgeKeyPair();
}

const secretYaml = (namespace: string, name: string, values: Readonly<Record<string, string>>): string =>
  [
    "apiVersion: v1",
    "kind: Secret",
    "metadata:",
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    "type: Opaque",
    "stringData:",
    ...Object.entries(values).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`),
    "",
  ].join("\n");

/**
 * Random values for every key each declared Secret needs; a key declared as a copy of another
 * Secret's key (secretRef `source`) gets its source's value, so the copies check holds.
 */
function secretValuesOf(secrets: readonly PlacedSecret[]): Map<string, Record<string, string>> {
  const values = new Map<string, Record<string, string>>();
  const file = (ns: string, name: string) => `secrets/${ns}/${name}.sops.yaml`;
  const entry = (path: string): Record<string, string> => {
    const v = values.get(path) ?? {};
    values.set(path, v);
    return v;
  };
  for (const s of secrets) {
    const own = entry(s.sourcePath);
    for (const key of s.ref.keys) own[key] ??= `test-${randomBytes(12).toString("hex")}`;
  }
  for (const s of secrets) {
    const source = s.ref.source;
    if (!source) continue;
    const from = entry(file(source.namespace, source.name));
    const own = entry(s.sourcePath);
    for (const [key, theirs] of Object.entries(source.keys)) {
      from[theirs] ??= `test-${randomBytes(12).toString("hex")}`;
      own[key] = from[theirs];
    }
  }
  return values;
}

/**
 * Creates a neutral test cluster of the given packages in a temporary folder: a throw-away age
 * key, the neutral settings (with `options.settings` over them), and every Secret its components
 * declare (and the k3s join token) written with random values and encrypted to that key.
 * Call `dispose()` when done.
 */
export async function testCluster(options: TestClusterOptions): Promise<TestCluster> {
  const key = await throwAwayKey();
  const cluster = defineCluster({
    name: options.name ?? "example",
    settings: neutralSettings(key.recipient, options.settings),
    namespaces: options.namespaces,
    ...(options.patches ? { patches: options.patches } : {}),
  });
  const dir = await mkdtemp(join(tmpdir(), "helix-test-cluster-"));
  try {
    const values = secretValuesOf(assembleCluster(cluster).secrets);
    values.set(K3S_TOKEN_SECRET_PATH, { token: `K10${randomBytes(24).toString("hex")}::server:test` });
    const now = new Date("2026-01-01T00:00:00Z");
    for (const [path, data] of values) {
      const [, namespace = "", fileName = ""] = path.split("/");
      const name = fileName.replace(/\.sops\.yaml$/, "");
      const plain = secretYaml(path === K3S_TOKEN_SECRET_PATH ? "kube-system" : namespace, name, data);
      await mkdir(dirname(join(dir, path)), { recursive: true });
      await writeFile(join(dir, path), await encryptSopsYaml(plain, { recipients: [key.recipient], now }));
    }
    return {
      dir,
      cluster,
      key,
      secretValues: values,
      render: (opts = {}) => renderCluster(cluster, { clusterDir: dir, write: opts.write ?? true }),
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
