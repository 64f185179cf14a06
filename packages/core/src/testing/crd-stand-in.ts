import type { Component } from "../model/component.js";
import type { ResourceType } from "../model/kube-object.js";
import type { NamespacePackage } from "../model/namespace-package.js";

/** What a stand-in declares. */
export interface CrdStandInOptions {
  /** Namespace of the component it stands in for. */
  readonly namespace: string;
  /** Name of that component (so derived dependsOn name it as in a real cluster). */
  readonly component: string;
  /** The CRDs it installs. */
  readonly installsCrds: readonly ResourceType[];
  /** More objects the real package renders that the tested one refers to. @default [] */
  readonly objects?: Component["objects"];
}

/**
 * A namespace package that only installs CRDs, for a package's own tests: packages never import
 * each other, so a test composes the package with stand-ins for the components of others it uses.
 */
export function crdStandIn(opts: CrdStandInOptions): NamespacePackage {
  return {
    packageName: `stand-in/${opts.component}`,
    build: () => [
      {
        name: opts.namespace,
        components: [
          {
            name: opts.component,
            namespace: opts.namespace,
            objects: [...(opts.objects ?? [])],
            installsCrds: opts.installsCrds,
          },
        ],
      },
    ],
  };
}
