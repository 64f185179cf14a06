import type { Component } from "../model/component.js";
import type { Handle } from "../model/contracts.js";
import type { ResourceType } from "../model/kube-object.js";
import type { NamespacePackage } from "../model/namespace-package.js";

/** What a stand-in declares. */
export interface CrdStandInOptions {
  /** Namespace of the component it stands in for. */
  readonly namespace: string;
  /** Name of that component (so derived dependsOn name it as in a real cluster). */
  readonly component: string;
  /** The CRDs it installs. @default [] */
  readonly installsCrds?: readonly ResourceType[];
  /**
   * Handles it provides. Service endpoints must be in `namespace`: their Services count as created
   * by the stand-in's chart. @default []
   */
  readonly provides?: readonly Handle[];
  /** More objects the real package renders that the tested one refers to. @default [] */
  readonly objects?: Component["objects"];
}

/**
 * A namespace package standing in for another package's component in a package's own tests:
 * packages never import each other, so a test composes the package with stand-ins for the CRDs
 * and handles of others it integrates with (its integrations then turn on in "auto").
 */
export function crdStandIn(opts: CrdStandInOptions): NamespacePackage {
  const provides = opts.provides ?? [];
  const services = provides.flatMap((h) =>
    h.kind === "service-endpoint" ? [h] : h.kind === "database" ? [h.endpoint] : [],
  );
  const elsewhere = services.find((e) => e.namespace !== opts.namespace);
  if (elsewhere)
    throw new Error(
      `stand-in ${opts.component}: endpoint ${elsewhere.namespace}/${elsewhere.service} is outside its namespace ${opts.namespace}: use one stand-in per namespace`,
    );
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
            installsCrds: opts.installsCrds ?? [],
            provides,
            chartServices: [...new Set(services.map((e) => e.service))],
          },
        ],
      },
    ],
  };
}
