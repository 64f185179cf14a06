// The encrypted bootstrap Secret of a cluster's burst nodes: the cloud-init core renders for them
// (k3s agent config, join script) plus the k3s join token, decrypted from the cluster's token file
// with the operator's age key.
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join, relative } from "node:path";
import {
  assembleCluster,
  BOOTSTRAP_DIGEST_ANNOTATION,
  burstCloudConfig,
  burstCloudConfigDigest,
  burstPool,
  type ClusterDefinition,
  K3S_VERSION_ANNOTATION,
  secretSourcePath,
} from "@helix-cluster/core";
import { K3S_TOKEN_SECRET_PATH } from "@helix-cluster/core/internal";
import {
  decryptSopsYaml,
  encryptSopsYaml,
  findSopsConfig,
  loadAgeIdentities,
  ruleFor,
} from "@helix-cluster/core/secrets";
import { parse, stringify } from "yaml";

/** What stands in the token file when the operator's key is not at hand; named so nobody mistakes it. */
export const TOKEN_PLACEHOLDER = "REPLACE-ME-run-burst-bootstrap-with-the-cluster-age-key";

/** Options of one run. */
export interface BurstBootstrapOptions {
  /** The cluster, as its entry file defines it. */
  readonly cluster: ClusterDefinition;
  /** Its folder (holds secrets/ and, at or above it, the .sops.yaml with its recipients). */
  readonly clusterDir: string;
  /** Write TOKEN_PLACEHOLDER instead of the decrypted token. @default false */
  readonly placeholder?: boolean;
  /** age identities; @default those sops finds (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, keys.txt) */
  readonly identities?: readonly string[];
}

/** Builds and encrypts the Secret; returns the path written (relative to the working directory). */
export async function writeBurstBootstrapSecret(opts: BurstBootstrapOptions): Promise<string> {
  const { cluster, clusterDir } = opts;
  const pool = burstPool(cluster.settings);
  const holder = assembleCluster(cluster).components.find(
    (c) => (c.autoscaling?.bootstrapSecrets ?? []).length > 0,
  );
  const secret = holder?.autoscaling?.bootstrapSecrets?.[0];
  if (!pool || !holder || !secret)
    throw new Error(
      `${cluster.name} has no burst nodes: set settings.autoscaling.burst and turn the engine on`,
    );
  const token = opts.placeholder ? TOKEN_PLACEHOLDER : await joinToken(clusterDir, opts.identities);
  const namespace = secret.namespace ?? holder.namespace;
  const plain = stringify({
    apiVersion: "v1",
    kind: "Secret",
    metadata: {
      name: secret.name,
      namespace,
      annotations: {
        [BOOTSTRAP_DIGEST_ANNOTATION]: burstCloudConfigDigest(pool),
        [K3S_VERSION_ANNOTATION]: pool.k3sVersion,
      },
    },
    type: "Opaque",
    stringData: { format: "cloud-config", value: burstCloudConfig(pool, { token }) },
  });
  const file = join(clusterDir, secretSourcePath(namespace, secret.name));
  const config = await findSopsConfig(file);
  const rule = config ? ruleFor(config, file) : undefined;
  if (!rule) throw new Error(`no .sops.yaml creation rule matches ${relative(process.cwd(), file)}`);
  const encrypted = await encryptSopsYaml(plain, {
    recipients: rule.recipients,
    ...(rule.encryptedRegex ? { encryptedRegex: rule.encryptedRegex } : {}),
  });
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, encrypted);
  return relative(process.cwd(), file);
}

/** The k3s join token, decrypted from the cluster's token file. */
async function joinToken(clusterDir: string, given?: readonly string[]): Promise<string> {
  const path = join(clusterDir, K3S_TOKEN_SECRET_PATH);
  const identities = given ?? (await loadAgeIdentities());
  if (identities.length === 0)
    throw new Error(
      `no age key to decrypt ${K3S_TOKEN_SECRET_PATH}: set SOPS_AGE_KEY_FILE (or SOPS_AGE_KEY), or pass --token-placeholder`,
    );
  const doc = parse(await decryptSopsYaml(await readFile(path, "utf8"), identities)) as {
    stringData?: { token?: unknown };
  };
  const token = doc.stringData?.token;
  if (typeof token !== "string" || token === "")
    throw new Error(`${K3S_TOKEN_SECRET_PATH} has no stringData.token`);
  return token.trim();
}
