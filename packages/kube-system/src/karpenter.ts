import {
  type ClusterSettings,
  type Component,
  type ContainerResources,
  containerResources,
  helmComponent,
  helmRelease,
  type Integration,
  karpenterAwsNames,
  type ResourceType,
  SERVICE_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { type KarpenterOptions, KUBE_SYSTEM_NAMESPACE } from "./options.js";

/** Resource types whose CRDs the karpenter-crd chart installs (templates, so Helm also upgrades them). */
export const KARPENTER_CRDS: readonly ResourceType[] = [
  "autoscaling.x-k8s.io/CapacityBuffer",
  "karpenter.k8s.aws/EC2NodeClass",
  "karpenter.sh/NodeClaim",
  "karpenter.sh/NodeOverlay",
  "karpenter.sh/NodePool",
];

/** Values of the karpenter chart 1.14.1 that this package sets (the chart has no values schema). */
export interface KarpenterValues {
  readonly replicas?: number;
  readonly serviceAccount?: { readonly create?: boolean; readonly name?: string };
  /** DNS of the controller: "Default" (the node's resolver) lets it start while CoreDNS waits for nodes it launches. */
  readonly dnsPolicy?: "Default" | "ClusterFirst";
  readonly controller?: { readonly resources?: ContainerResources };
  readonly serviceMonitor?: { readonly enabled?: boolean };
  readonly logLevel?: "debug" | "info" | "error";
  readonly settings?: {
    readonly clusterName?: string;
    /** SQS queue of spot interruptions, rebalance recommendations and instance state changes. */
    readonly interruptionQueue?: string;
  };
}

/** The karpenter-crd chart: Karpenter's CRDs, as templates so every chart upgrade updates them. */
export function karpenterCrds(): Component {
  return helmComponent<Record<string, never>>({
    name: "karpenter-crd",
    namespace: KUBE_SYSTEM_NAMESPACE,
    chart: {
      oci: "oci://public.ecr.aws/karpenter/karpenter-crd",
      // renovate: datasource=docker depName=public.ecr.aws/karpenter/karpenter-crd
      version: "1.14.1",
    },
    installsCrds: KARPENTER_CRDS,
    values: {},
  });
}

/**
 * The Karpenter controller on the EKS system node group (its chart keeps it off the nodes it
 * launches), with the IAM role of its Pod Identity association and the interruption queue that
 * Terraform creates under the names in settings.eks.karpenter.
 */
export function karpenter(
  clusterName: string,
  settings: ClusterSettings,
  opts: KarpenterOptions,
  monitoring: Integration,
): Component {
  const names = karpenterAwsNames(clusterName, settings);
  if (!names) {
    throw new Error(
      "kube-system: Karpenter needs an EKS cluster whose settings.eks.karpenter is not false (its IAM roles and queue come from Terraform); set kubeSystem({ karpenter: false }) otherwise",
    );
  }
  if (names.namespace !== KUBE_SYSTEM_NAMESPACE) {
    throw new Error(
      `kube-system: Karpenter runs in ${KUBE_SYSTEM_NAMESPACE}, but settings.eks.karpenter.namespace says "${names.namespace}" (its Pod Identity association would not match)`,
    );
  }
  const [source, release] = helmRelease<KarpenterValues>({
    name: "karpenter",
    namespace: KUBE_SYSTEM_NAMESPACE,
    chart: {
      oci: "oci://public.ecr.aws/karpenter/karpenter",
      // renovate: datasource=docker depName=public.ecr.aws/karpenter/karpenter
      version: "1.14.1",
    },
    values: {
      replicas: opts.replicas ?? 2,
      serviceAccount: { create: true, name: names.serviceAccount },
      dnsPolicy: "Default",
      controller: { resources: containerResources("200m", "512Mi", "1Gi") },
      serviceMonitor: { enabled: monitoring.enabled },
      logLevel: "info",
      settings: { clusterName, interruptionQueue: names.interruptionQueueName },
    },
  });
  if (release.spec) {
    // The chart's crds/ folder would race karpenter-crd for the same CRDs: only karpenter-crd owns them.
    release.spec.install = { ...release.spec.install, crds: "Skip" };
    release.spec.upgrade = { ...release.spec.upgrade, crds: "Skip" };
  }
  return {
    name: "karpenter",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [source, release],
    // The controller watches its own kinds: it starts once karpenter-crd installed them.
    usesCrds: [...KARPENTER_CRDS, ...typesWhenEnabled(monitoring, SERVICE_MONITOR)],
    integrations: [monitoring],
  };
}
