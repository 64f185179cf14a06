import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import { HelmRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/HelmRepository";
import { OCIRepository } from "@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository";
import type { ComponentAutoscaling } from "../model/autoscaling.js";
import type {
  ChartCheckOptions,
  Component,
  HealthCheck,
  K3sRequirements,
  KustomizationOptions,
} from "../model/component.js";
import type { Handle } from "../model/contracts.js";
import type { Integration } from "../model/integration.js";
import type { ResourceType } from "../model/kube-object.js";
import type { SecretRef } from "../model/secret-ref.js";
import { type ChartValuesSchema, registerValuesSchema } from "../validate/chart-values.js";

/** Where a chart comes from. The version is always an exact pin (a policy check rejects ranges). */
export type ChartSource<Version extends string = string> =
  | {
      /** OCI artifact of the chart, "oci://registry/path/<chart>" (preferred). */
      readonly oci: string;
      readonly version: Version;
    }
  | {
      /** Classic HTTPS Helm repository URL. */
      readonly repository: string;
      /** Chart name in that repository. */
      readonly chart: string;
      readonly version: Version;
    };

/** Chart name of a source: the last path segment of an OCI URL, or the repository chart name. */
export function chartName(source: ChartSource): string {
  return "oci" in source ? (source.oci.split("/").pop() ?? source.oci) : source.chart;
}

/**
 * Options of a HelmRelease and its chart source. `Values` is the chart's typed values: inferred
 * from `valuesSchema` when the chart has one, else given (hand-written for the keys we set).
 */
export interface HelmReleaseOptions<Values extends object, Version extends string = string> {
  /** Release name; also the name of its OCIRepository / HelmRepository. */
  readonly name: string;
  readonly namespace: string;
  readonly chart: ChartSource<Version>;
  /** Chart values, typed per chart. @default {} */
  readonly values?: NoInfer<Values>;
  /**
   * The generated values schema of exactly the pinned chart version (from the package's
   * `src/generated/values/<chart>-<version>.ts`): the render checks the values with it. A schema of
   * another version does not type-check against a literal pinned version, and fails the render
   * otherwise. @default none: the chart has no values schema in the upstream data
   */
  readonly valuesSchema?: ChartValuesSchema<Values, string, NoInfer<Version>>;
  /** Reconcile interval of the release. @default "1h" */
  readonly interval?: string;
  /** Helm install/upgrade timeout. @default "10m" */
  readonly timeout?: string;
  /** Remediation retries on install and upgrade failures. @default 3 */
  readonly retries?: number;
  /** HelmReleases (same namespace) that must be ready first. @default [] */
  readonly dependsOn?: readonly string[];
  /** Values taken from Secrets/ConfigMaps at reconcile time (e.g. credentials). @default [] */
  readonly valuesFrom?: readonly {
    readonly kind: "Secret" | "ConfigMap";
    readonly name: string;
    readonly valuesKey?: string;
    readonly targetPath?: string;
  }[];
}

/**
 * The chart source (OCIRepository, or HelmRepository for HTTPS repositories) and the HelmRelease,
 * with our defaults: CRDs created and replaced on upgrade, remediation with retries, rollback on a
 * failed upgrade.
 */
export function helmRelease<Values extends object, Version extends string = string>(
  opts: HelmReleaseOptions<Values, Version>,
): [OCIRepository | HelmRepository, HelmRelease] {
  if (opts.valuesSchema) {
    const { chart, version } = opts.valuesSchema;
    // The types already reject a schema of another version; this catches casts and plain JS.
    if (chart !== chartName(opts.chart) || version !== opts.chart.version) {
      throw new Error(
        `HelmRelease ${opts.namespace}/${opts.name}: valuesSchema is for chart ${chart} ${version}, but the release pins ${chartName(opts.chart)} ${opts.chart.version}: pass the generated schema of the pinned version`,
      );
    }
    registerValuesSchema(opts.valuesSchema);
  }
  const meta = { name: opts.name, namespace: opts.namespace };
  const retries = opts.retries ?? 3;
  const source =
    "oci" in opts.chart
      ? new OCIRepository({
          metadata: meta,
          spec: {
            interval: "12h",
            url: opts.chart.oci,
            ref: { tag: opts.chart.version },
            layerSelector: {
              mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
              operation: "copy",
            },
          },
        })
      : new HelmRepository({ metadata: meta, spec: { interval: "12h", url: opts.chart.repository } });
  const chart =
    "oci" in opts.chart
      ? { chartRef: { kind: "OCIRepository" as const, name: opts.name } }
      : {
          chart: {
            spec: {
              chart: opts.chart.chart,
              version: opts.chart.version,
              sourceRef: { kind: "HelmRepository" as const, name: opts.name },
              interval: "12h",
            },
          },
        };
  const release = new HelmRelease({
    metadata: meta,
    spec: {
      interval: opts.interval ?? "1h",
      timeout: opts.timeout ?? "10m",
      ...chart,
      install: { crds: "CreateReplace", remediation: { retries } },
      upgrade: { crds: "CreateReplace", cleanupOnFail: true, remediation: { retries, strategy: "rollback" } },
      ...(opts.dependsOn?.length ? { dependsOn: opts.dependsOn.map((name) => ({ name })) } : {}),
      ...(opts.valuesFrom?.length ? { valuesFrom: opts.valuesFrom.map((v) => ({ ...v })) } : {}),
      values: (opts.values ?? {}) as Record<string, unknown>,
    },
  });
  return [source, release];
}

/** Options of a component made of one Helm chart plus optional extra objects. */
export interface HelmComponentOptions<Values extends object, Version extends string = string>
  extends HelmReleaseOptions<Values, Version> {
  /** Resource types whose CRDs the chart installs. @default [] */
  readonly installsCrds?: readonly ResourceType[];
  /** Resource types the chart creates objects of (beyond its own CRDs). @default [] */
  readonly usesCrds?: readonly ResourceType[];
  /** Secrets the release needs. @default [] */
  readonly secrets?: readonly SecretRef[];
  /** More objects of this component (must not be of CRDs the chart installs). @default [] */
  readonly extraObjects?: Component["objects"];
  readonly kustomization?: KustomizationOptions;
  readonly healthChecks?: readonly HealthCheck[];
  /** What the chart needs from the k3s servers (bundled add-ons to disable…). */
  readonly k3s?: K3sRequirements;
  /**
   * Values of a one-time `helm install` of this release (release `name` in `namespace`) before Flux
   * exists, e.g. for the CNI: only objects a bare cluster accepts. Written to the cluster's
   * `bootstrap/helm/<name>.values.yaml`. @default no bootstrap install
   */
  readonly bootstrapValues?: NoInfer<Values>;
  /** Exceptions of the chart check, each with its reason. @default {} */
  readonly chartCheck?: ChartCheckOptions;
  /** What the release autoscales (the chart's HPAs, node pools) and serves for autoscaling. @default {} */
  readonly autoscaling?: ComponentAutoscaling;
  /**
   * Handles the release provides to other components (ingress classes, issuers, endpoints,
   * databases): see `Component.provides`. @default []
   */
  readonly provides?: readonly Handle[];
  /**
   * Handles of other components the release uses; its Flux Kustomization waits for their
   * providers: see `Component.uses`. @default []
   */
  readonly uses?: readonly Handle[];
  /**
   * Services (names, in `namespace`) the chart creates, so the endpoints this release provides may
   * point at them; the chart check verifies them. @default []
   */
  readonly chartServices?: readonly string[];
  /** Its integrations with other packages, resolved with `resolveIntegration` (status page, validation). @default [] */
  readonly integrations?: readonly Integration[];
}

/** A component deploying one Helm chart with typed values. */
export function helmComponent<Values extends object, Version extends string = string>(
  opts: HelmComponentOptions<Values, Version>,
): Component {
  return {
    name: opts.name,
    namespace: opts.namespace,
    objects: [...helmRelease(opts), ...(opts.extraObjects ?? [])],
    installsCrds: opts.installsCrds ?? [],
    usesCrds: opts.usesCrds ?? [],
    secrets: opts.secrets ?? [],
    ...(opts.kustomization ? { kustomization: opts.kustomization } : {}),
    ...(opts.healthChecks ? { healthChecks: opts.healthChecks } : {}),
    ...(opts.k3s ? { k3s: opts.k3s } : {}),
    ...(opts.bootstrapValues
      ? { bootstrapHelm: { releaseName: opts.name, namespace: opts.namespace, values: opts.bootstrapValues } }
      : {}),
    ...(opts.chartCheck ? { chartCheck: opts.chartCheck } : {}),
    ...(opts.autoscaling ? { autoscaling: opts.autoscaling } : {}),
    ...(opts.provides ? { provides: opts.provides } : {}),
    ...(opts.uses ? { uses: opts.uses } : {}),
    ...(opts.chartServices ? { chartServices: opts.chartServices } : {}),
    ...(opts.integrations ? { integrations: opts.integrations } : {}),
  };
}
