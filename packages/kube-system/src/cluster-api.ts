import type { Component, HealthCheck, ResourceType } from "@helix-cluster/core";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { KUBE_SYSTEM_NAMESPACE } from "./options.js";

/** Release of Cluster API's core, kubeadm bootstrap and control-plane providers that clusterctl installs. */
// renovate: datasource=github-releases depName=kubernetes-sigs/cluster-api
export const CLUSTER_API_VERSION = "v1.14.0";
/** Release of Cluster API's Linode infrastructure provider (CAPL) that clusterctl installs. */
// renovate: datasource=github-releases depName=linode/cluster-api-provider-linode
export const CAPL_VERSION = "v0.10.10";

/** The Cluster API kinds the burst pool's objects are (their CRDs come with clusterctl init). */
export const CLUSTER_API_CRDS: readonly ResourceType[] = [
  "cluster.x-k8s.io/Cluster",
  "cluster.x-k8s.io/Machine",
  "cluster.x-k8s.io/MachineDeployment",
  "cluster.x-k8s.io/MachineSet",
  "infrastructure.cluster.x-k8s.io/LinodeCluster",
  "infrastructure.cluster.x-k8s.io/LinodeMachine",
  "infrastructure.cluster.x-k8s.io/LinodeMachineTemplate",
];

/** ConfigMap with the clusterctl configuration that pins the providers (read by `task burst:init`). */
export const CLUSTERCTL_CONFIG_MAP = "clusterctl-providers";
/** Secret with the Linode API token (key "apiToken", as CAPL reads it). */
export const LINODE_TOKEN_SECRET = "linode-api-token";
/** Key of the token in that Secret. */
export const LINODE_TOKEN_KEY = "apiToken";

/** The provider list of clusterctl's configuration: every provider pinned to its release's manifest. */
export function clusterctlConfig(): string {
  const capi = `https://github.com/kubernetes-sigs/cluster-api/releases/${CLUSTER_API_VERSION}`;
  const providers = [
    { name: "cluster-api", url: `${capi}/core-components.yaml`, type: "CoreProvider" },
    // clusterctl adds the kubeadm providers on a first init: pinned too, though the burst pool uses neither.
    { name: "kubeadm", url: `${capi}/bootstrap-components.yaml`, type: "BootstrapProvider" },
    { name: "kubeadm", url: `${capi}/control-plane-components.yaml`, type: "ControlPlaneProvider" },
    {
      name: "akamai-linode",
      url: `https://github.com/linode/cluster-api-provider-linode/releases/${CAPL_VERSION}/infrastructure-components.yaml`,
      type: "InfrastructureProvider",
    },
  ];
  return `${JSON.stringify({ providers }, null, 2)}\n`;
}

/** Flux health checks that pass once clusterctl installed the CRDs and the controllers. */
const CLUSTER_API_HEALTH: readonly HealthCheck[] = [
  ...["clusters.cluster.x-k8s.io", "machinedeployments.cluster.x-k8s.io"].map((name) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    name,
  })),
  ...["linodeclusters", "linodemachinetemplates"].map((plural) => ({
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    name: `${plural}.infrastructure.cluster.x-k8s.io`,
  })),
  { apiVersion: "apps/v1", kind: "Deployment", name: "capi-controller-manager", namespace: "capi-system" },
  { apiVersion: "apps/v1", kind: "Deployment", name: "capl-controller-manager", namespace: "capl-system" },
];

/**
 * Cluster API with its Linode provider. Their maintainers ship them as clusterctl release manifests
 * (no chart in the pinned data), so `task burst:init` runs clusterctl init with the configuration this
 * component renders into the cluster, pinning every provider. The component's Flux Kustomization
 * turns ready only once the CRDs and controllers exist (health checks): the burst pool's objects and
 * cluster-autoscaler, which use those CRDs, wait for it. It also brings the Linode API token the
 * provider creates instances with.
 */
export function clusterApi(): Component {
  return {
    name: "cluster-api",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [
      new ConfigMap({
        metadata: { name: CLUSTERCTL_CONFIG_MAP, namespace: KUBE_SYSTEM_NAMESPACE },
        data: { "clusterctl.yaml": clusterctlConfig() },
      }),
    ],
    installsCrds: CLUSTER_API_CRDS,
    secrets: [{ name: LINODE_TOKEN_SECRET, keys: [LINODE_TOKEN_KEY] }],
    healthChecks: CLUSTER_API_HEALTH,
    kustomization: { timeout: "10m" },
  };
}
