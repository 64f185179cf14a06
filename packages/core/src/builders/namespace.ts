import { Namespace } from "kubernetes-models/v1/Namespace";

/** Options of a Namespace object. */
export interface NamespaceOptions {
  /** Labels (Pod Security, mesh injection…). @default {} */
  readonly labels?: Readonly<Record<string, string>>;
  /** Annotations. @default {} */
  readonly annotations?: Readonly<Record<string, string>>;
}

/** A Namespace object with sorted labels and annotations. */
export function namespace(name: string, opts: NamespaceOptions = {}): Namespace {
  const labels = { "kubernetes.io/metadata.name": name, ...opts.labels };
  const annotations =
    opts.annotations && Object.keys(opts.annotations).length > 0 ? { ...opts.annotations } : undefined;
  return new Namespace({ metadata: { name, labels, ...(annotations ? { annotations } : {}) } });
}
