import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
} from "@helix-cluster/core";
import { chaosTargets, chaosTargetsIntegration } from "./chaos-experiments.js";
import { containerdSocket } from "./container-runtime.js";
import { chaosMeshValuesSchema } from "./generated/values/chaos-mesh-2.8.3.js";
import { type ChaosMeshOptions, KUBE_SYSTEM_NAMESPACE } from "./options.js";

/**
 * Annotation a namespace needs before Chaos Mesh injects anything into it (the chart runs with
 * enableFilterNamespace). The environments package puts it on `testing`, and only there.
 */
export const CHAOS_MESH_INJECT_ANNOTATION = "chaos-mesh.org/inject";
/** Value of that annotation. */
export const CHAOS_MESH_INJECT_VALUE = "enabled";
/** The annotation as a map, ready to merge into a Namespace's annotations. */
export const CHAOS_MESH_INJECT_ANNOTATIONS: Readonly<Record<string, string>> = {
  [CHAOS_MESH_INJECT_ANNOTATION]: CHAOS_MESH_INJECT_VALUE,
};

/** Resource types whose CRDs the chart installs (crds/ of the chart). */
export const CHAOS_MESH_CRDS = [
  "chaos-mesh.org/AWSChaos",
  "chaos-mesh.org/AzureChaos",
  "chaos-mesh.org/BlockChaos",
  "chaos-mesh.org/DNSChaos",
  "chaos-mesh.org/GCPChaos",
  "chaos-mesh.org/HTTPChaos",
  "chaos-mesh.org/IOChaos",
  "chaos-mesh.org/JVMChaos",
  "chaos-mesh.org/KernelChaos",
  "chaos-mesh.org/NetworkChaos",
  "chaos-mesh.org/PhysicalMachine",
  "chaos-mesh.org/PhysicalMachineChaos",
  "chaos-mesh.org/PodChaos",
  // The daemon's per-pod state (written by chaos-controller-manager, never by us).
  "chaos-mesh.org/PodHttpChaos",
  "chaos-mesh.org/PodIOChaos",
  "chaos-mesh.org/PodNetworkChaos",
  "chaos-mesh.org/RemoteCluster",
  "chaos-mesh.org/Schedule",
  "chaos-mesh.org/StatusCheck",
  "chaos-mesh.org/StressChaos",
  "chaos-mesh.org/TimeChaos",
  "chaos-mesh.org/Workflow",
  "chaos-mesh.org/WorkflowNode",
] as const;

/** Chaos Mesh image tag, pinned to the chart's app version (the chart's own default may float). */
const CHAOS_MESH_VERSION = "v2.8.3";

/**
 * Chaos Mesh confined to its targets (the allowed namespaces the cluster has) twice over: with a
 * single target it runs namespace-scoped (RBAC only there, `targetNamespace`), and in every case it
 * filters namespaces by the inject annotation (so without a target, cluster-scoped, it still acts
 * on annotated namespaces only). chaos-daemon talks to k3s's containerd. The dashboard requires a
 * token. Its chaos-targets integration shows the targets on the status page.
 */
export function chaosMesh(
  settings: ClusterSettings,
  opts: ChaosMeshOptions,
  context: BuildContext,
): Component {
  const targets = chaosTargets(opts, context);
  const [single] = targets.length === 1 ? targets : [];
  return helmComponent({
    name: "chaos-mesh",
    namespace: KUBE_SYSTEM_NAMESPACE,
    // renovate: datasource=helm depName=chaos-mesh registryUrl=https://charts.chaos-mesh.org
    chart: { repository: "https://charts.chaos-mesh.org", chart: "chaos-mesh", version: "2.8.3" },
    valuesSchema: chaosMeshValuesSchema,
    installsCrds: CHAOS_MESH_CRDS,
    integrations: [chaosTargetsIntegration(opts, context)],
    values: {
      images: { tag: CHAOS_MESH_VERSION },
      clusterScoped: single === undefined,
      timezone: settings.timeZone ?? "Etc/UTC",
      enableProfiling: false,
      controllerManager: {
        replicaCount: 1,
        enableFilterNamespace: true,
        ...(single === undefined ? {} : { targetNamespace: single }),
        resources: containerResources("25m", "256Mi", "512Mi"),
        podChaos: { podFailure: { pauseImage: "registry.k8s.io/pause:3.10" } },
      },
      chaosDaemon: {
        runtime: "containerd",
        socketPath: containerdSocket(settings),
        resources: containerResources("25m", "64Mi", "256Mi"),
      },
      dashboard: {
        create: true,
        securityMode: true,
        replicaCount: 1,
        service: { type: "ClusterIP" },
        persistentVolume: { enabled: false },
        resources: containerResources("25m", "128Mi", "512Mi"),
      },
      dnsServer: { create: false },
      prometheus: { create: false },
    },
  });
}
