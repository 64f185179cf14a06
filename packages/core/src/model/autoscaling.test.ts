import { describe, expect, it } from "vitest";
import { karpenterAwsNames } from "../bootstrap/terraform-vars.js";
import { replicaBounds } from "./autoscaling.js";
import type { ClusterSettings } from "./cluster-settings.js";

const base: ClusterSettings = {
  domain: "example.test",
  distribution: "k3s",
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/x.git" },
  sopsAgeRecipients: [],
};
const node = (name: string, taints: string[] = []) => ({
  name,
  address: "10.0.0.1",
  role: "agent" as const,
  taints,
});

describe("replica bounds", () => {
  it("given a standby, when bounded, then it starts from one replica and keeps the preferred maximum", () => {
    expect(
      replicaBounds({ ...base, distribution: "eks", autoscaling: { standby: true } }, { min: 2, max: 6 }),
    ).toEqual({
      min: 1,
      max: 6,
    });
  });

  it("given a small k3s cluster, when bounded, then it runs at most two replicas per schedulable node", () => {
    const settings = { ...base, nodes: [node("a"), node("b", ["dedicated=db:NoSchedule"])] };
    expect(replicaBounds(settings, { min: 2, max: 6 })).toEqual({ min: 2, max: 2 });
  });

  it("given a k3s cluster larger than the maximum needs, when bounded, then the preferred bounds stand", () => {
    const settings = { ...base, nodes: ["a", "b", "c", "d"].map((n) => node(n)) };
    expect(replicaBounds(settings, { min: 2, max: 6 })).toEqual({ min: 2, max: 6 });
  });

  it("given bounds that cannot hold, when bounded, then it refuses them", () => {
    expect(() => replicaBounds(base, { min: 3, max: 2 })).toThrow(/1 ≤ min ≤ max/);
  });
});

describe("Karpenter's AWS names", () => {
  const eks: ClusterSettings = {
    ...base,
    distribution: "eks",
    eks: { region: "eu-central-1", kubernetesVersion: "1.36" },
  };

  it("given no names, when resolved, then they derive from the cluster name", () => {
    expect(karpenterAwsNames("dr", eks)).toEqual({
      namespace: "kube-system",
      serviceAccount: "karpenter",
      controllerRoleName: "dr-karpenter",
      nodeRoleName: "dr-karpenter-node",
      interruptionQueueName: "dr-karpenter",
    });
  });

  it("given Karpenter turned off or a k3s cluster, when resolved, then there are none", () => {
    expect(
      karpenterAwsNames("dr", {
        ...eks,
        eks: { region: "eu-central-1", kubernetesVersion: "1.36", karpenter: false },
      }),
    ).toBeUndefined();
    expect(karpenterAwsNames("dr", base)).toBeUndefined();
  });
});
