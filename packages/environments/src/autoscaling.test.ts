import {
  assembleCluster,
  buildContextOf,
  type ClusterSettings,
  defineCluster,
  toPlain,
} from "@helix-cluster/core";
import { checkAutoscaling } from "@helix-cluster/core/internal";
import { neutralSettings, resourceMetricsStandIn, throwAwayKey } from "@helix-cluster/core/testing";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { describe, expect, it } from "vitest";
import {
  appAutoscaler,
  ENVIRONMENT_DEFAULTS,
  ENVIRONMENTS,
  elasticNodeTolerations,
  environments,
  quantity,
  quotaRoomProblems,
  SIDECAR_CRD,
} from "./index.js";

const settings: ClusterSettings = neutralSettings((await throwAwayKey()).recipient);
/** A cluster with Istio: the mesh is on and every pod's sidecar counts against the quota. */
const meshed = buildContextOf("t", settings, { types: [SIDECAR_CRD], namespaces: [], handles: [] });

describe("quantities", () => {
  it("reads the suffixes quotas use and refuses the rest", () => {
    expect(quantity("100m")).toBeCloseTo(0.1);
    expect(quantity("24")).toBe(24);
    expect(quantity("128Mi")).toBe(128 * 2 ** 20);
    expect(quantity("1.5Gi")).toBe(1.5 * 2 ** 30);
    expect(() => quantity("12 cores")).toThrow(/not a quantity/);
  });
});

describe("autoscaled apps of an environment", () => {
  it("given the defaults, when checked, then every quota holds its apps at their maximum replicas, sidecars included", () => {
    for (const env of ENVIRONMENTS) {
      const d = ENVIRONMENT_DEFAULTS[env];
      expect(quotaRoomProblems(env, d.quota, d.limits, d.autoscaling, true), env).toEqual([]);
    }
  });

  it("given a quota without room for the policy's maximum, when the package builds, then the totals short are named", () => {
    const pkg = environments({ production: { quota: { requestsCpu: "4", pods: 50 } } });
    expect(() => pkg.build(settings, meshed)).toThrow(
      /environments\.production\.quota\.pods: 6 apps × 10 replicas need pods 60, the quota allows 50.*environments\.production\.quota\.requestsCpu: 6 apps × 10 replicas need requests\.cpu 9000m, the quota allows 4000m/,
    );
  });

  it("given fewer apps, when the package builds, then the same quota is enough", () => {
    const pkg = environments({
      production: { quota: { requestsCpu: "4", pods: 50 }, autoscaling: { apps: 2 } },
    });
    expect(pkg.build(settings, meshed).map((n) => n.name)).toEqual(ENVIRONMENTS);
  });

  it("given an app that opts in, when rendered with its Deployment, then the HPA follows the policy and validates", () => {
    const hpa = appAutoscaler("production", { deployment: "shop" });
    expect(toPlain(hpa).spec).toMatchObject({
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "shop" },
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ],
      behavior: { scaleDown: { stabilizationWindowSeconds: 300 } },
    });
    const labels = { app: "shop" };
    const shop = new Deployment({
      metadata: { name: "shop", namespace: "production" },
      spec: {
        selector: { matchLabels: labels },
        template: {
          metadata: { labels },
          spec: {
            containers: [
              {
                name: "shop",
                image: "example/shop:1.0.0",
                resources: { requests: { cpu: "200m", memory: "256Mi" } },
              },
            ],
          },
        },
      },
    });
    const app = {
      packageName: "app/shop",
      build: () => [
        {
          name: "production",
          components: [{ name: "shop", namespace: "production", objects: [shop, hpa] }],
        },
      ],
    };
    const assembled = assembleCluster(
      defineCluster({ name: "t", settings, namespaces: [app, resourceMetricsStandIn()] }),
    );
    expect(checkAutoscaling(assembled, new Map())).toEqual([]);
  });

  it("given an app asking for more replicas than the quota keeps room for, when built, then it is refused", () => {
    expect(() => appAutoscaler("staging", { deployment: "shop", maxReplicas: 8 })).toThrow(
      /shop may scale between 1 and 4 replicas \(the quota's room\), not to 8/,
    );
    expect(toPlain(appAutoscaler("staging", { deployment: "shop", maxReplicas: 3 })).spec).toMatchObject({
      maxReplicas: 3,
    });
  });

  it("given a cluster with burst nodes, when an app asks for elastic nodes, then it tolerates them and Karpenter's apps class", () => {
    expect(elasticNodeTolerations(settings)).toEqual([
      { key: "helix.ai/workload-class", operator: "Equal", value: "apps", effect: "NoSchedule" },
    ]);
    const burst: ClusterSettings = {
      ...settings,
      k3sVersion: "v1.36.3+k3s1",
      nodes: [{ name: "s1", address: "10.0.0.1", role: "server" }],
      autoscaling: {
        burst: {
          provider: "linode",
          region: "eu-central",
          instance: { type: "g6-nanode-1", cpu: 1, memoryMiB: 1024, hourlyPrice: 0.0075, monthlyPrice: 5 },
          maxNodes: 2,
          maxHourlyCost: 0.015,
          taintKey: "example.com/rented",
        },
      },
    };
    expect(elasticNodeTolerations(burst)).toContainEqual({
      key: "example.com/rented",
      operator: "Equal",
      value: "true",
      effect: "NoSchedule",
    });
  });
});
