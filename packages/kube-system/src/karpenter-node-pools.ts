import {
  type ClusterSettings,
  type Component,
  karpenterAwsNames,
  type NodeAutoscaling,
  WORKLOAD_CLASS_KEY,
} from "@helix-cluster/core";
import * as karpenterModels from "@helix-cluster/core/models/karpenter";
import { type KarpenterOptions, KUBE_SYSTEM_NAMESPACE, type WorkloadClassOptions } from "./options.js";

const { EC2NodeClass } = karpenterModels.karpenterK8sAws.v1;
const { NodePool } = karpenterModels.karpenterSh.v1;

/**
 * The standby's workload classes. "platform" takes every pod without a class (the platform services,
 * their databases included): on-demand only, so no spot reclaim ever moves a database. "apps" is for
 * application pods that tolerate its taint: spot first, on-demand when spot has no capacity. The
 * limits are the ceiling of a failover: 48 vCPU / 192 GiB for the platform, 64 vCPU / 256 GiB for
 * apps, on top of the system node group.
 */
export const DEFAULT_WORKLOAD_CLASSES: Readonly<Record<string, WorkloadClassOptions>> = {
  platform: {
    limits: { cpu: "48", memory: "192Gi" },
    capacityTypes: ["on-demand"],
    consolidateAfter: "10m",
    weight: 10,
    rootVolumeSize: "60Gi",
  },
  apps: {
    limits: { cpu: "64", memory: "256Gi" },
    capacityTypes: ["spot", "on-demand"],
    consolidateAfter: "2m",
    tainted: true,
  },
};

/** The classes of the options, in code point order of their names (stable output). */
export function workloadClasses(opts: KarpenterOptions): [string, WorkloadClassOptions][] {
  return Object.entries(opts.workloadClasses ?? DEFAULT_WORKLOAD_CLASSES).sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  );
}

/** What the status page says a class's nodes are. */
function describeNodes(c: WorkloadClassOptions): string {
  const capacity = (c.capacityTypes ?? ["on-demand"]).join(" or ");
  const categories = (c.instanceCategories ?? ["c", "m", "r"]).join(", ");
  return `${capacity} EC2 (${categories}; generation > ${c.minGeneration ?? 5}; ${(c.architectures ?? ["amd64"]).join(", ")})`;
}

/**
 * One NodePool and EC2NodeClass per workload class: nodes from the cluster's discovery-tagged
 * private subnets and node security group, with the node IAM role Terraform created, an encrypted
 * gp3 root volume and IMDSv2 only (one hop, so pods cannot read the node's credentials).
 */
export function karpenterNodePools(
  clusterName: string,
  settings: ClusterSettings,
  opts: KarpenterOptions,
): Component {
  const names = karpenterAwsNames(clusterName, settings);
  if (!names)
    throw new Error("kube-system: Karpenter node pools need an EKS cluster with settings.eks.karpenter");
  const discovery = { "karpenter.sh/discovery": clusterName };
  const classes = workloadClasses(opts);
  if (classes.length === 0)
    throw new Error("kube-system: karpenter.workloadClasses is empty: Karpenter would launch no node");
  const objects = classes.flatMap(([name, c]) => {
    const taints = c.tainted ? [{ key: WORKLOAD_CLASS_KEY, value: name, effect: "NoSchedule" as const }] : [];
    return [
      new EC2NodeClass({
        metadata: { name },
        spec: {
          role: names.nodeRoleName,
          amiSelectorTerms: [{ alias: opts.amiAlias ?? "al2023@latest" }],
          subnetSelectorTerms: [{ tags: discovery }],
          securityGroupSelectorTerms: [{ tags: discovery }],
          blockDeviceMappings: [
            {
              deviceName: "/dev/xvda",
              ebs: {
                volumeSize: c.rootVolumeSize ?? "50Gi",
                volumeType: "gp3",
                encrypted: true,
                deleteOnTermination: true,
              },
            },
          ],
          metadataOptions: { httpEndpoint: "enabled", httpTokens: "required", httpPutResponseHopLimit: 1 },
          tags: { [WORKLOAD_CLASS_KEY]: name },
        },
      }),
      new NodePool({
        metadata: { name },
        spec: {
          template: {
            metadata: { labels: { [WORKLOAD_CLASS_KEY]: name } },
            spec: {
              nodeClassRef: { group: "karpenter.k8s.aws", kind: "EC2NodeClass", name },
              requirements: [
                {
                  key: "karpenter.sh/capacity-type",
                  operator: "In",
                  values: [...(c.capacityTypes ?? ["on-demand"])],
                },
                {
                  key: "karpenter.k8s.aws/instance-category",
                  operator: "In",
                  values: [...(c.instanceCategories ?? ["c", "m", "r"])],
                },
                {
                  key: "karpenter.k8s.aws/instance-generation",
                  operator: "Gt",
                  values: [String(c.minGeneration ?? 5)],
                },
                { key: "kubernetes.io/arch", operator: "In", values: [...(c.architectures ?? ["amd64"])] },
                { key: "kubernetes.io/os", operator: "In", values: ["linux"] },
              ],
              ...(taints.length > 0 ? { taints } : {}),
              expireAfter: c.expireAfter ?? "720h",
            },
          },
          disruption: {
            consolidationPolicy: c.consolidationPolicy ?? "WhenEmptyOrUnderutilized",
            consolidateAfter: c.consolidateAfter ?? "5m",
            budgets: [{ nodes: c.disruptionBudget ?? "10%" }],
          },
          limits: { cpu: c.limits.cpu, memory: c.limits.memory },
          ...(c.weight === undefined ? {} : { weight: c.weight }),
        },
      }),
    ];
  });
  const nodes: NodeAutoscaling[] = classes.map(([name, c]) => ({
    engine: "karpenter",
    pool: name,
    nodes: describeNodes(c),
    limits: { cpu: c.limits.cpu, memory: c.limits.memory },
    ...(c.tainted ? { taints: [`${WORKLOAD_CLASS_KEY}=${name}:NoSchedule`] } : {}),
  }));
  return {
    name: "karpenter-node-pools",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects,
    // EC2NodeClasses turn ready once the controller resolved their subnets, security groups and AMI.
    kustomization: { dependsOn: ["karpenter"] },
    autoscaling: { nodes },
  };
}
