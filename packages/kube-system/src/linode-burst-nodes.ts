import { createHash } from "node:crypto";
import {
  type BurstPool,
  burstCloudConfigDigest,
  type Component,
  K3S_API_PORT,
  NODE_POOL_LABEL,
  secretRef,
  taintString,
} from "@helix-cluster/core";
import * as clusterApiModels from "@helix-cluster/core/models/cluster-api";
import * as caplModels from "@helix-cluster/core/models/cluster-api-provider-linode";
import { LINODE_TOKEN_SECRET } from "./cluster-api.js";
import { KUBE_SYSTEM_NAMESPACE } from "./options.js";

const { Cluster, MachineDeployment } = clusterApiModels.clusterXK8sIo.v1beta2;
const { LinodeCluster, LinodeMachineTemplate } = caplModels.infrastructureClusterXK8sIo.v1alpha2;

/** Secret with a burst node's cloud-init (Cluster API bootstrap data: keys "value" and "format"). */
export const BURST_BOOTSTRAP_SECRET = "linode-burst-bootstrap";
/** The command that (re)creates that Secret from the rendered cloud-init and the k3s join token. */
export const BURST_BOOTSTRAP_COMMAND = "npm run -s burst-bootstrap -- clusters/<cluster>/cluster.ts";
/** Pods per node cluster-autoscaler assumes for a burst node it has not seen yet (the kubelet default). */
const MAX_PODS = 110;

const INFRASTRUCTURE = "infrastructure.cluster.x-k8s.io";

/**
 * The burst pool as Cluster API objects: the existing k3s cluster as a Cluster whose LinodeCluster
 * points at its API ("external" load balancer: CAPL creates none), the nodes' Linode plan as a
 * LinodeMachineTemplate, and a MachineDeployment cluster-autoscaler scales between 0 and maxNodes.
 * Its annotations tell cluster-autoscaler what a node offers and carries, so it can scale from zero.
 * Each node boots the cloud-init of the encrypted bootstrap Secret, which must match the one core
 * renders now (its digest is checked on every render).
 */
export function linodeBurstNodes(clusterName: string, pool: BurstPool): Component {
  const credentialsRef = { name: LINODE_TOKEN_SECRET, namespace: KUBE_SYSTEM_NAMESPACE };
  const machine = {
    region: pool.region,
    type: pool.instance.type,
    image: pool.image,
    tags: ["helix-cluster", clusterName, pool.name],
    credentialsRef,
    ...(pool.vpcId === undefined ? {} : { vpcID: pool.vpcId }),
    ...(pool.firewallId === undefined ? {} : { firewallID: pool.firewallId }),
  };
  // LinodeMachineTemplates are immutable: a changed machine gets a new template, which rolls the pool.
  const templateName = `${pool.name}-${createHash("sha256").update(JSON.stringify(machine)).digest("hex").slice(0, 8)}`;
  const selector = { "cluster.x-k8s.io/cluster-name": clusterName, [NODE_POOL_LABEL]: pool.name };
  const labels = Object.entries(pool.labels)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join(",");
  return {
    name: "linode-burst-nodes",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [
      new Cluster({
        metadata: { name: clusterName },
        spec: {
          controlPlaneEndpoint: { host: pool.apiEndpoint, port: K3S_API_PORT },
          infrastructureRef: { apiGroup: INFRASTRUCTURE, kind: "LinodeCluster", name: clusterName },
        },
      }),
      new LinodeCluster({
        metadata: { name: clusterName },
        spec: {
          region: pool.region,
          controlPlaneEndpoint: { host: pool.apiEndpoint, port: K3S_API_PORT },
          network: { loadBalancerType: "external" },
          credentialsRef,
          ...(pool.vpcId === undefined ? {} : { vpcID: pool.vpcId }),
        },
      }),
      new LinodeMachineTemplate({ metadata: { name: templateName }, spec: { template: { spec: machine } } }),
      new MachineDeployment({
        metadata: {
          name: pool.name,
          annotations: {
            "cluster.x-k8s.io/cluster-api-autoscaler-node-group-min-size": "0",
            "cluster.x-k8s.io/cluster-api-autoscaler-node-group-max-size": String(pool.maxNodes),
            "capacity.cluster-autoscaler.kubernetes.io/cpu": String(pool.instance.cpu),
            "capacity.cluster-autoscaler.kubernetes.io/memory": `${pool.instance.memoryMiB}Mi`,
            "capacity.cluster-autoscaler.kubernetes.io/maxPods": String(MAX_PODS),
            "capacity.cluster-autoscaler.kubernetes.io/labels": labels,
            "capacity.cluster-autoscaler.kubernetes.io/taints": taintString(pool.taint),
          },
        },
        // No replicas: cluster-autoscaler owns the count, and Flux re-applying one would fight it.
        spec: {
          clusterName,
          selector: { matchLabels: selector },
          template: {
            metadata: { labels: selector },
            spec: {
              clusterName,
              bootstrap: { dataSecretName: BURST_BOOTSTRAP_SECRET },
              infrastructureRef: {
                apiGroup: INFRASTRUCTURE,
                kind: "LinodeMachineTemplate",
                name: templateName,
              },
              deletion: { nodeDrainTimeoutSeconds: 300 },
            },
          },
        },
      }),
    ],
    secrets: [secretRef(BURST_BOOTSTRAP_SECRET, ["value", "format"])],
    // Cluster API never reports this Cluster ready (its control plane is k3s's, not one it made):
    // Flux applies the objects without waiting for a readiness that would never come.
    kustomization: { wait: false },
    autoscaling: {
      bootstrapSecrets: [
        {
          name: BURST_BOOTSTRAP_SECRET,
          sha256: burstCloudConfigDigest(pool),
          regenerate: BURST_BOOTSTRAP_COMMAND.replace("<cluster>", clusterName),
          k3sVersion: pool.k3sVersion,
        },
      ],
    },
  };
}
