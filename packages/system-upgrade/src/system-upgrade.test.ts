import type { ClusterSettings, Component, KubeObject } from "@helix-cluster/core";
import { toPlain } from "@helix-cluster/core";
import { expectValidates, neutralSettings, throwAwayKey } from "@helix-cluster/core/testing";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  AGENT_PLAN,
  agentPlan,
  CONTROLLER_IMAGE,
  CONTROLLER_NAME,
  K3S_PLANS,
  PLAN_CRD,
  SERVER_PLAN,
  serverPlan,
  systemUpgrade,
  systemUpgradeComponents,
  type UpgradeWindow,
} from "./index.js";

const settings: ClusterSettings = neutralSettings((await throwAwayKey()).recipient, {
  timeZone: "Europe/Paris",
});

type PlanSpec = {
  concurrency?: number;
  cordon?: boolean;
  drain?: Record<string, unknown>;
  version?: string;
  channel?: string;
  nodeSelector: { matchExpressions: { key: string; operator: string; values?: string[] }[] };
  prepare?: { image: string; args: string[] };
  upgrade: { image: string };
  serviceAccountName: string;
  window?: Record<string, unknown>;
};
const specOf = (plan: KubeObject): PlanSpec => (toPlain(plan) as { spec: PlanSpec }).spec;
const byName = (components: readonly Component[], name: string): Component => {
  const c = components.find((x) => x.name === name);
  if (!c) throw new Error(`no component ${name}`);
  return c;
};

describe("system-upgrade package", () => {
  it("given the servers, when planned, then they go one node at a time, cordoned, control plane only", () => {
    const spec = specOf(serverPlan(settings));
    expect(spec.concurrency).toBe(1);
    expect(spec.cordon).toBe(true);
    expect(spec.nodeSelector.matchExpressions).toEqual([
      { key: "node-role.kubernetes.io/control-plane", operator: "In", values: ["true"] },
    ]);
    expect(spec.upgrade.image).toBe("rancher/k3s-upgrade");
    expect(spec.serviceAccountName).toBe("system-upgrade");
  });

  it("given the agents, when planned, then they wait for the server plan before upgrading", () => {
    const spec = specOf(agentPlan(settings));
    expect(spec.prepare).toEqual({ image: "rancher/k3s-upgrade", args: ["prepare", SERVER_PLAN] });
    expect(spec.nodeSelector.matchExpressions).toEqual([
      { key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" },
    ]);
    expect(spec.concurrency).toBe(1);
    expect(spec.cordon).toBe(true);
    expect(spec.drain).toBeUndefined();
  });

  it("given burst nodes, when planned, then the agent plan leaves them to their bootstrap Secret's release", () => {
    const burst: ClusterSettings = {
      ...settings,
      nodes: [{ name: "s1", address: "10.0.0.1", role: "server" }],
      autoscaling: {
        burst: {
          provider: "linode",
          region: "eu-central",
          instance: { type: "g6-standard-2", cpu: 2, memoryMiB: 4096, hourlyPrice: 0.036, monthlyPrice: 24 },
          maxNodes: 2,
          maxHourlyCost: 0.1,
        },
      },
    };
    expect(specOf(agentPlan(burst)).nodeSelector.matchExpressions).toEqual([
      { key: "node-role.kubernetes.io/control-plane", operator: "DoesNotExist" },
      { key: "helix.ai/burst", operator: "DoesNotExist" },
    ]);
  });

  it("given both plans, when built, then both pin exactly the cluster's k3s version and never a channel", () => {
    for (const plan of [serverPlan(settings), agentPlan(settings)]) {
      const spec = specOf(plan);
      expect(spec.version).toBe("v1.36.3+k3s1");
      expect(spec.channel).toBeUndefined();
    }
  });

  it("given drain and window options, when planned, then agents drain and both plans keep to the window", () => {
    const window: UpgradeWindow = { days: ["saturday", "sunday"], startTime: "02:00", endTime: "06:00" };
    const agent = specOf(
      agentPlan(settings, { agentConcurrency: 2, agentDrain: { timeout: "15m" }, window }),
    );
    expect(agent.concurrency).toBe(2);
    expect(agent.drain).toMatchObject({
      timeout: "15m",
      ignoreDaemonSets: true,
      skipWaitForDeleteTimeout: 60,
    });
    expect(agent.cordon).toBeUndefined();
    expect(agent.window).toEqual({ ...window, timeZone: "Europe/Paris" });
    const server = specOf(serverPlan(settings, { window }));
    expect(server.window).toEqual(agent.window);
    expect(server.concurrency).toBe(1);
  });

  it("given no k3sVersion, when built, then it fails with a message naming the setting", () => {
    const { k3sVersion: _, ...noVersion } = settings;
    expect(() => systemUpgradeComponents(noVersion, {})).toThrow(/settings\.k3sVersion is not set/);
    expect(() => serverPlan({ ...settings, k3sVersion: "stable" })).toThrow(/not an exact k3s release/);
  });

  it("given the controller, when built, then its image is pinned and it has resources", () => {
    const controller = byName(systemUpgradeComponents(settings, {}), CONTROLLER_NAME);
    const deployment = controller.objects.find((o) => o.kind === "Deployment");
    if (!deployment) throw new Error("no Deployment");
    const container = (
      toPlain(deployment) as {
        spec: {
          template: {
            spec: { containers: { image: string; resources: { requests: object; limits: object } }[] };
          };
        };
      }
    ).spec.template.spec.containers[0];
    expect(container?.image).toBe(CONTROLLER_IMAGE);
    expect(CONTROLLER_IMAGE).toMatch(/^rancher\/system-upgrade-controller:v\d+\.\d+\.\d+$/);
    expect(container?.resources.requests).toMatchObject({
      cpu: expect.any(String),
      memory: expect.any(String),
    });
    expect(container?.resources.limits).toMatchObject({ memory: expect.any(String) });
    expect(controller.installsCrds).toEqual([PLAN_CRD]);
    expect(controller.objects.some((o) => o.kind === "CustomResourceDefinition")).toBe(false);
    // The controller creates the CRD at start-up: Flux must wait for it explicitly.
    expect(controller.kustomization?.wait).toBe(false);
    expect(controller.healthChecks).toContainEqual({
      apiVersion: "apiextensions.k8s.io/v1",
      kind: "CustomResourceDefinition",
      name: "plans.upgrade.cattle.io",
    });
  });

  it("given the package alone, when rendered in a neutral cluster, then it validates and kustomize builds", async () => {
    const report = await expectValidates({ namespaces: [systemUpgrade()] });
    const plansKs = parse(report.files.get(`system-upgrade/${K3S_PLANS}/ks.yaml`) ?? "") as {
      spec?: { dependsOn?: unknown };
    };
    expect(plansKs.spec?.dependsOn).toEqual([{ name: CONTROLLER_NAME }]);
    const plans = [...report.files.keys()].filter((f) => f.startsWith(`system-upgrade/${K3S_PLANS}/plan-`));
    expect(plans).toEqual([
      `system-upgrade/${K3S_PLANS}/plan-${AGENT_PLAN}.yaml`,
      `system-upgrade/${K3S_PLANS}/plan-${SERVER_PLAN}.yaml`,
    ]);
  });
});
