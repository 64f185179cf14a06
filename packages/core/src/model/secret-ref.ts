import type { SecretKeyHandle } from "./contracts.js";

/**
 * Where the values of some keys of a Secret come from: another Secret of the cluster (its own
 * SOPS file) holding the same credential, e.g. Grafana's `GF_DATABASE_PASSWORD` is the MySQL
 * user's `password`. The credential then has one source: the render and `secrets check` compare
 * the two files (with an age key) and fail, naming both, when they differ.
 */
export interface SecretSource {
  /** Namespace of the source Secret. */
  readonly namespace: string;
  /** Name of the source Secret (its file is `secrets/<namespace>/<name>.sops.yaml`). */
  readonly name: string;
  /** This Secret's key → the source's key holding the same value. */
  readonly keys: Readonly<Record<string, string>>;
  /**
   * Keys (of `keys`) whose value holds the source's value inside it instead of equal to it.
   * `"url-password"`: the value is a URL whose password, percent-decoded, is the source's value,
   * e.g. a `DATABASE_URL` of `postgres://flagsmith:<password>@postgres:5432/flagsmith`.
   * @default {} (every key equals its source key)
   */
  readonly within?: Readonly<Record<string, SecretEmbedding>>;
}

/** How a copied key holds its source's value: see SecretSource.within. */
export type SecretEmbedding = "url-password";

/**
 * A Secret a component needs. Its value never lives in code: it is a SOPS-encrypted file at
 * `clusters/<cluster>/secrets/<namespace>/<name>.sops.yaml`, copied encrypted into the rendered
 * component folder and decrypted in the cluster by Flux.
 */
export interface SecretRef {
  /** Name of the Kubernetes Secret. */
  readonly name: string;
  /** Keys the Secret must hold (checked against the encrypted file). */
  readonly keys: readonly string[];
  /** Namespace of the Secret. @default the component's namespace */
  readonly namespace?: string;
  /** The Secret whose keys some of these copy (one source per credential). @default undefined */
  readonly source?: SecretSource;
}

/** Options of {@link secretRef}. */
export interface SecretRefOptions {
  /** Namespace of the Secret. @default the component's namespace */
  readonly namespace?: string;
  /** The Secret some keys copy, see SecretSource. @default undefined */
  readonly source?: SecretSource;
}

/**
 * Declares a Secret a component needs, with the keys it must contain; the third argument is its
 * namespace, or options naming the namespace and the source of copied keys.
 */
export function secretRef(
  name: string,
  keys: readonly string[],
  options?: string | SecretRefOptions,
): SecretRef {
  const opts: SecretRefOptions = typeof options === "string" ? { namespace: options } : (options ?? {});
  return {
    name,
    keys,
    ...(opts.namespace === undefined ? {} : { namespace: opts.namespace }),
    ...(opts.source === undefined ? {} : { source: opts.source }),
  };
}

/**
 * A source for one key copied from a Secret key handle (e.g. a database handle's `credentials`);
 * with `within`, the key holds the handle's value inside it (the password of a URL).
 */
export function secretSource(from: SecretKeyHandle, key: string, within?: SecretEmbedding): SecretSource {
  return {
    namespace: from.namespace,
    name: from.name,
    keys: { [key]: from.key },
    ...(within === undefined ? {} : { within: { [key]: within } }),
  };
}
