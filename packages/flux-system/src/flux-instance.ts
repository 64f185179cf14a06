import { type BuildContext, type ClusterSettings, type Component, helmComponent } from "@helix-cluster/core";
import { FLUX_OPERATOR_VERSION } from "./flux-operator.js";
import { FLUX_SYSTEM_NAMESPACE, type FluxSystemOptions } from "./options.js";

/** Flux controllers a FluxInstance can run. */
export type FluxComponentName =
  | "source-controller"
  | "kustomize-controller"
  | "helm-controller"
  | "notification-controller"
  | "image-reflector-controller"
  | "image-automation-controller"
  | "source-watcher";

/** A kustomize patch the operator applies to the Flux manifests. */
export interface FluxInstancePatch {
  readonly target: { readonly kind: string; readonly name?: string; readonly labelSelector?: string };
  /** JSON6902 or strategic-merge patch, as YAML. */
  readonly patch: string;
}

/**
 * Values of the flux-instance chart we set (they become the FluxInstance "flux"). Hand-written: the
 * chart's values schema is AGPL-3.0. `sync` is left out on purpose: core renders the root sync
 * (GitRepository "flux-system" and Kustomization "cluster"); a second one from the operator would
 * apply the same path under another owner.
 */
export interface FluxInstanceValues {
  readonly instance: {
    readonly distribution: {
      readonly version: string;
      readonly registry: string;
      /** OCI artifact with the Flux manifests the operator renders from. */
      readonly artifact: string;
    };
    readonly components: readonly FluxComponentName[];
    readonly cluster: {
      readonly type: "kubernetes" | "openshift" | "aws" | "azure" | "gcp";
      readonly size: "small" | "medium" | "large";
      readonly multitenant: boolean;
      readonly networkPolicy: boolean;
      readonly domain: string;
    };
    readonly commonMetadata?: { readonly labels?: Readonly<Record<string, string>> };
    readonly kustomize?: { readonly patches: readonly FluxInstancePatch[] };
  };
}

// renovate: datasource=github-releases depName=fluxcd/flux2
export const FLUX_VERSION = "2.9.4";

/** The controllers we run: no image automation (versions change through reviewed commits). */
export const FLUX_COMPONENTS: readonly FluxComponentName[] = [
  "source-controller",
  "kustomize-controller",
  "helm-controller",
  "notification-controller",
];

/**
 * The FluxInstance (through the flux-instance chart): Flux pinned to one version, four controllers,
 * Flux's own NetworkPolicies, and no sync of its own (core's root sync applies the rendered tree,
 * with SOPS decryption on every Kustomization).
 */
export function fluxInstance(
  settings: ClusterSettings,
  opts: FluxSystemOptions,
  context: BuildContext,
): Component {
  return helmComponent<FluxInstanceValues>({
    name: "flux-instance",
    namespace: FLUX_SYSTEM_NAMESPACE,
    // Released with the operator under the same version: FLUX_OPERATOR_VERSION's hint bumps both.
    chart: {
      oci: "oci://ghcr.io/controlplaneio-fluxcd/charts/flux-instance",
      version: FLUX_OPERATOR_VERSION,
    },
    usesCrds: ["fluxcd.controlplane.io/FluxInstance"],
    chartCheck: {
      exception: `the upstream chart data has flux-instance 0.49.0 only: the ${FLUX_OPERATOR_VERSION} chart sources are not published in the snapshot it was built from`,
    },
    values: {
      instance: {
        distribution: {
          version: opts.fluxVersion ?? FLUX_VERSION,
          registry: "ghcr.io/fluxcd",
          // Manifests of the operator release we run, not ":latest".
          artifact: `oci://ghcr.io/controlplaneio-fluxcd/flux-operator-manifests:v${FLUX_OPERATOR_VERSION}`,
        },
        components: FLUX_COMPONENTS,
        cluster: {
          type: settings.distribution === "eks" ? "aws" : "kubernetes",
          size: opts.size ?? "medium",
          multitenant: false,
          networkPolicy: true,
          domain: context.clusterDomain,
        },
        commonMetadata: { labels: { "app.kubernetes.io/part-of": "flux" } },
        kustomize: {
          patches: [
            {
              // Fail a release on an imminent OOM kill instead of leaving it stuck "in progress".
              target: { kind: "Deployment", name: "helm-controller" },
              patch: [
                "- op: add",
                "  path: /spec/template/spec/containers/0/args/-",
                "  value: --feature-gates=OOMWatch=true",
              ].join("\n"),
            },
          ],
        },
      },
    },
    // Flux ignores healthChecks when `wait` is on, and `wait` alone would stop at the HelmRelease:
    // this component is ready only once the operator reports the controllers of that version running.
    kustomization: { wait: false },
    healthChecks: [
      {
        apiVersion: "helm.toolkit.fluxcd.io/v2",
        kind: "HelmRelease",
        name: "flux-instance",
        namespace: FLUX_SYSTEM_NAMESPACE,
      },
      {
        apiVersion: "fluxcd.controlplane.io/v1",
        kind: "FluxInstance",
        name: "flux",
        namespace: FLUX_SYSTEM_NAMESPACE,
      },
    ],
  });
}
