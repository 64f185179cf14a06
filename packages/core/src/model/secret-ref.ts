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
}

/** Declares a Secret a component needs, with the keys it must contain. */
export function secretRef(name: string, keys: readonly string[], namespace?: string): SecretRef {
  return namespace === undefined ? { name, keys } : { name, keys, namespace };
}
