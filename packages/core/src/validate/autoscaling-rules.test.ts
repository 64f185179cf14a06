import { HelmRelease } from "@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2/HelmRelease";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { StatefulSet } from "kubernetes-models/apps/v1/StatefulSet";
import { HorizontalPodAutoscaler } from "kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler";
import { describe, expect, it } from "vitest";
import {
  BOOTSTRAP_DIGEST_ANNOTATION,
  type ComponentAutoscaling,
  K3S_VERSION_ANNOTATION,
} from "../model/autoscaling.js";
import { defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import type { Component } from "../model/component.js";
import type { KubeObject } from "../model/kube-object.js";
import { defineNamespacePackage, NO_OPTIONS } from "../model/namespace-package.js";
import { secretRef } from "../model/secret-ref.js";
import { assembleCluster } from "../render/assemble.js";
import { checkAutoscaling } from "./autoscaling-rules.js";

const settings: ClusterSettings = {
  domain: "example.test",
  distribution: "k3s",
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/x.git" },
  sopsAgeRecipients: [],
};
const labels = { app: "web" };
const web = (requests: Record<string, string>) =>
  new Deployment({
    metadata: { name: "web" },
    spec: {
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: { containers: [{ name: "web", image: "example/web:1.0.0", resources: { requests } }] },
      },
    },
  });
const hpa = (kind: string, name: string, apiVersion = "apps/v1", min = 2, max = 5) =>
  new HorizontalPodAutoscaler({
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion, kind, name },
      minReplicas: min,
      maxReplicas: max,
      metrics: [
        {
          type: "Resource",
          resource: { name: "cpu", target: { type: "Utilization", averageUtilization: 70 } },
        },
      ],
    },
  });
const metricsServer: Component = {
  name: "metrics-server",
  namespace: "apps",
  objects: [],
  autoscaling: { servesResourceMetrics: true },
};
const app = (
  objects: KubeObject[],
  autoscaling?: ComponentAutoscaling,
  extra: Partial<Component> = {},
): Component => ({
  name: "web",
  namespace: "apps",
  objects,
  ...(autoscaling ? { autoscaling } : {}),
  ...extra,
});
const check = (components: Component[], secretFiles: ReadonlyMap<string, string> = new Map()) =>
  checkAutoscaling(
    assembleCluster(
      defineCluster({
        name: "test",
        settings,
        namespaces: [
          defineNamespacePackage({
            packageName: "@test/apps",
            namespace: "apps",
            optionsSchema: NO_OPTIONS,
            components: () => components,
          })(),
        ],
      }),
    ),
    secretFiles,
  );
const messages = (components: Component[], files?: ReadonlyMap<string, string>) =>
  check(components, files).map((p) => `${p.component ?? ""} ${p.object ?? ""}: ${p.message}`);

describe("autoscaling rules", () => {
  it("given an HPA on a Deployment requesting CPU and metrics-server, when checked, then nothing is wrong", () => {
    expect(
      messages([app([web({ cpu: "100m", memory: "64Mi" }), hpa("Deployment", "web")]), metricsServer]),
    ).toEqual([]);
  });

  it("given an HPA on CPU of a Deployment without a CPU request, when checked, then the container is named", () => {
    expect(messages([app([web({ memory: "64Mi" }), hpa("Deployment", "web")]), metricsServer])).toEqual([
      'web HorizontalPodAutoscaler/apps/web: scales on cpu utilisation, but container "web" of Deployment/apps/web requests no cpu: set resources.requests.cpu',
    ]);
  });

  it("given an HPA whose target is not rendered, when checked, then it is a reference problem", () => {
    const problems = check([app([hpa("Deployment", "api")]), metricsServer]);
    expect(problems).toMatchObject([
      {
        layer: "reference",
        path: "/spec/scaleTargetRef",
        message: "scales Deployment apps/api, which is not rendered in this cluster",
      },
    ]);
  });

  it("given an HPA of a workload its component's chart creates, declared so, when checked, then the chart check is left to verify it", () => {
    const release = new HelmRelease({
      metadata: { name: "web" },
      spec: { interval: "1h", chartRef: { kind: "OCIRepository", name: "web" } },
    });
    const declared = (targetFromChart: boolean) =>
      app([release, hpa("Deployment", "web-server")], {
        pods: [
          {
            target: "Deployment/web-server",
            minReplicas: 2,
            maxReplicas: 5,
            utilization: { cpu: 70 },
            via: "object",
            targetFromChart,
          },
        ],
      });
    expect(messages([declared(true), metricsServer])).toEqual([]);
    expect(messages([declared(false), metricsServer])).toEqual([
      "web HorizontalPodAutoscaler/apps/web-server: scales Deployment apps/web-server, which is not rendered in this cluster",
    ]);
  });

  it("given an HPA on a StatefulSet whose pods own volumes, when checked, then it is refused", () => {
    const db = new StatefulSet({
      metadata: { name: "db" },
      spec: {
        serviceName: "db",
        selector: { matchLabels: { app: "db" } },
        template: {
          metadata: { labels: { app: "db" } },
          spec: {
            containers: [{ name: "db", image: "example/db:1.0.0", resources: { requests: { cpu: "1" } } }],
          },
        },
        volumeClaimTemplates: [{ metadata: { name: "data" }, spec: { accessModes: ["ReadWriteOnce"] } }],
      },
    });
    expect(messages([app([db, hpa("StatefulSet", "db")]), metricsServer]).join("\n")).toMatch(
      /scales StatefulSet apps\/db, whose pods each own a volume/,
    );
  });

  it("given inverted bounds or a kind that does not scale, when checked, then both are named", () => {
    const text = messages([
      app([web({ cpu: "1" }), hpa("Deployment", "web", "apps/v1", 4, 2), hpa("DaemonSet", "agents")]),
      metricsServer,
    ]).join("\n");
    expect(text).toMatch(/needs 1 ≤ minReplicas ≤ maxReplicas, got 4\.\.2/);
    expect(text).toMatch(
      /scales apps\/DaemonSet: only Deployments, ReplicaSets and StatefulSets scale by replicas/,
    );
  });

  it("given HPAs but no component serving resource metrics, when checked, then metrics-server is asked for", () => {
    const declared = app([], {
      pods: [
        { target: "Deployment/web", minReplicas: 1, maxReplicas: 3, utilization: { cpu: 80 }, via: "chart" },
      ],
    });
    expect(messages([declared]).join("\n")).toMatch(
      /1 HorizontalPodAutoscaler\(s\) read the resource metrics API .*enable metrics-server/,
    );
  });

  it("given declared autoscaling of a StatefulSet, without a resource, or rendered but missing, when checked, then each is named", () => {
    const text = messages([
      app([], {
        pods: [
          {
            target: "StatefulSet/ingester",
            minReplicas: 3,
            maxReplicas: 6,
            utilization: { memory: 80 },
            via: "chart",
          },
          { target: "Deployment/api", minReplicas: 1, maxReplicas: 2, utilization: {}, via: "object" },
        ],
      }),
      metricsServer,
    ]).join("\n");
    expect(text).toMatch(/StatefulSet\/ingester: autoscales a StatefulSet/);
    expect(text).toMatch(/Deployment\/api: autoscaling names no resource to scale on/);
    expect(text).toMatch(
      /Deployment\/api: is declared as autoscaled by an object of the component, which renders no HorizontalPodAutoscaler/,
    );
  });

  describe("bootstrap Secret digests", () => {
    const digest = "a".repeat(64);
    const burst = (extra: Partial<Component> = {}) =>
      app(
        [],
        { bootstrapSecrets: [{ name: "burst-bootstrap", sha256: digest, regenerate: "task burst:secret" }] },
        extra,
      );
    const file = (annotation: string, k3s = "v1.36.3+k3s1") =>
      new Map([
        [
          "secrets/apps/burst-bootstrap.sops.yaml",
          `apiVersion: v1\nkind: Secret\nmetadata:\n  name: burst-bootstrap\n  namespace: apps\n  annotations:\n    ${BOOTSTRAP_DIGEST_ANNOTATION}: "${annotation}"\n    ${K3S_VERSION_ANNOTATION}: "${k3s}"\nstringData:\n  value: ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]\n`,
        ],
      ]);
    const declared = { secrets: [secretRef("burst-bootstrap", ["value"])] };

    it("given the digest the code renders, when checked, then nothing is wrong", () => {
      expect(messages([burst(declared)], file(digest))).toEqual([]);
    });

    it("given a Secret made from older content, when checked, then the command to regenerate it is named", () => {
      expect(messages([burst(declared)], file("b".repeat(64)))).toEqual([
        "web Secret/apps/burst-bootstrap: secrets/apps/burst-bootstrap.sops.yaml was made from other bootstrap content than the code renders now (helix.ai/bootstrap-sha256 bbbbbbbbbbbb…, expected aaaaaaaaaaaa…): regenerate it with `task burst:secret`",
      ]);
    });

    it("given the servers' k3s version, when the Secret installs a release too old or too new, then it is named", () => {
      const versioned = (k3sVersion: string) =>
        app(
          [],
          {
            bootstrapSecrets: [
              { name: "burst-bootstrap", sha256: digest, regenerate: "task burst:secret", k3sVersion },
            ],
          },
          declared,
        );
      expect(messages([versioned("v1.37.1+k3s1")], file(digest, "v1.36.3+k3s1"))).toEqual([]);
      expect(messages([versioned("v1.38.0+k3s1")], file(digest, "v1.36.3+k3s1")).join("\n")).toMatch(
        /would install k3s v1\.36\.3\+k3s1, more than one minor behind the servers' v1\.38\.0\+k3s1: regenerate it with `task burst:secret`/,
      );
      expect(messages([versioned("v1.35.0+k3s1")], file(digest, "v1.36.3+k3s1")).join("\n")).toMatch(
        /newer than the servers'/,
      );
      expect(messages([versioned("v1.36.0+k3s1")], file(digest, "")).join("\n")).toMatch(
        /names no k3s release/,
      );
    });

    it("given a digest of a Secret the component does not declare, when checked, then it must be declared", () => {
      expect(messages([burst()], file(digest))).toEqual([
        "web Secret/apps/burst-bootstrap: is not a secretRef of component web: declare it",
      ]);
    });
  });
});
