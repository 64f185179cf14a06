import type { ComponentAutoscaling } from "./autoscaling.js";
import type { Handle } from "./contracts.js";
import type { Integration } from "./integration.js";
import type { KubeObject, ResourceType } from "./kube-object.js";
import type { SecretRef } from "./secret-ref.js";

/** A health check Flux runs after applying a component (spec.healthChecks of its Kustomization). */
export interface HealthCheck {
  readonly apiVersion: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace?: string;
}

/** A value of the k3s config file (`/etc/rancher/k3s/config.yaml`). */
export type K3sConfigValue = string | boolean | number | readonly string[];

/**
 * What a component needs from the k3s servers it runs on, e.g. Cilium needs flannel and kube-proxy
 * off, a CoreDNS chart needs the bundled CoreDNS disabled. The node configs are derived from these.
 */
export interface K3sRequirements {
  /** Bundled k3s components to disable (`--disable`): coredns, servicelb, traefik, local-storage, metrics-server. */
  readonly disable?: readonly string[];
  /** Other server config keys, e.g. `{ "flannel-backend": "none", "disable-kube-proxy": true }`. */
  readonly serverConfig?: Readonly<Record<string, K3sConfigValue>>;
}

/**
 * A Helm release the operator installs once with the helm CLI before Flux runs (the CNI, the cluster
 * DNS), which Flux then adopts and upgrades to the HelmRelease's values. Its values are written to
 * `bootstrap/helm/<releaseName>.values.yaml`.
 */
export interface BootstrapHelmInstall {
  /** Helm release name, the one the HelmRelease manages (so Flux adopts the release). */
  readonly releaseName: string;
  /** Namespace the release is installed and stored in. */
  readonly namespace: string;
  /**
   * Values of that first install: what a bare cluster accepts, so no objects of CRDs installed later
   * (ServiceMonitors…) and none in namespaces that do not exist yet.
   */
  readonly values: object;
}

/**
 * How the chart check (`helix-cluster check-charts`) treats a component's Helm chart. Each field is
 * a reason, shown in the check's summary and on the cluster's status page.
 */
export interface ChartCheckOptions {
  /**
   * Why the chart cannot be templated here, e.g. the pinned chart version is not in the upstream
   * chart data. The check lists the release as an exception instead of failing on the missing file;
   * it fails again once the chart file exists (remove the exception then). @default undefined
   */
  readonly exception?: string;
  /** Why the chart's containers may have CPU limits (chart defaults included). @default undefined: a CPU limit is a problem */
  readonly cpuLimits?: string;
  /**
   * Why Helm skips the chart's own values schema (e.g. it has remote `$ref`s Helm cannot fetch
   * offline). Our own values validator still checks the values. @default undefined: Helm validates
   */
  readonly skipSchemaValidation?: string;
  /**
   * Why the CRDs the component declares in installsCrds are not in the chart's output (e.g. its
   * operator registers them at runtime). @default undefined: every declared CRD must be templated
   */
  readonly crdsAtRuntime?: string;
  /**
   * Images the chart leaves as a placeholder that an admission webhook replaces when the pod is
   * created, each with the reason, e.g. `{ auto: "istiod injects the proxy image of ISTIO_VERSION" }`
   * for Istio's gateway injection. Only these exact image strings are exempt from the pinned-image
   * rule. @default undefined: every image must be pinned
   */
  readonly imagesSetAtAdmission?: Readonly<Record<string, string>>;
}

/** Options of the Flux Kustomization that applies one component. */
export interface KustomizationOptions {
  /** Reconcile interval. @default "30m" */
  readonly interval?: string;
  /** Retry interval after a failure. @default "1m" */
  readonly retryInterval?: string;
  /** Apply timeout. @default "5m" */
  readonly timeout?: string;
  /** Wait for every applied object to be ready. @default true */
  readonly wait?: boolean;
  /** Delete objects removed from git. @default true */
  readonly prune?: boolean;
  /** Extra Flux Kustomizations (component names) to wait for, beyond the derived ones. @default [] */
  readonly dependsOn?: readonly string[];
}

/**
 * One deployable unit: the objects of one app in one namespace, applied by one Flux Kustomization.
 * CRD relations are declared so `dependsOn` can be derived: whoever creates objects of a CRD waits
 * for the component that installs it.
 */
export interface Component {
  /** Component name: folder name and Flux Kustomization name; unique in the cluster. */
  readonly name: string;
  /** Namespace the component deploys into (namespaced objects without one get it). */
  readonly namespace: string;
  /** The objects rendered into the component folder. */
  readonly objects: readonly KubeObject[];
  /** Resource types ("group/Kind") whose CRDs this component installs (e.g. by its chart). */
  readonly installsCrds?: readonly ResourceType[];
  /**
   * Resource types this component needs beyond those of its own objects (e.g. ServiceMonitors a
   * chart creates). Types of its own objects are added automatically.
   */
  readonly usesCrds?: readonly ResourceType[];
  /** Secrets the component needs, each a SOPS-encrypted file in the cluster folder. */
  readonly secrets?: readonly SecretRef[];
  /** Options of the Flux Kustomization that applies this component. */
  readonly kustomization?: KustomizationOptions;
  /** Objects Flux waits for to be healthy. */
  readonly healthChecks?: readonly HealthCheck[];
  /** What the component needs from k3s servers (k3s clusters only). */
  readonly k3s?: K3sRequirements;
  /** The helm CLI install this component's release starts from, before Flux exists. */
  readonly bootstrapHelm?: BootstrapHelmInstall;
  /** How the chart check treats the component's Helm chart. @default {} */
  readonly chartCheck?: ChartCheckOptions;
  /** What the component autoscales (pods, node pools) and serves for autoscaling. @default {} */
  readonly autoscaling?: ComponentAutoscaling;
  /**
   * Handles this component provides to others (ingress classes, issuers, endpoints, databases):
   * what `BuildContext.provided()` returns to every package. A Service endpoint must point at a
   * Service the component renders or lists in `chartServices`. @default []
   */
  readonly provides?: readonly Handle[];
  /**
   * Handles of other components this one uses. Each must resolve to a provider of the cluster, and
   * the component's Flux Kustomization waits for the provider's (derived `dependsOn`). @default []
   */
  readonly uses?: readonly Handle[];
  /**
   * Services (names, in the component's namespace) its Helm chart creates, so the endpoints it
   * provides may point at them; the chart check verifies they are in the chart's output. @default []
   */
  readonly chartServices?: readonly string[];
  /** Its integrations with other packages, resolved with `resolveIntegration` (listed on the status page). @default [] */
  readonly integrations?: readonly Integration[];
}

/** Declares a component. Identity function that fixes the type and freezes the arrays. */
export function defineComponent(component: Component): Component {
  return Object.freeze({ ...component, objects: Object.freeze([...component.objects]) });
}
