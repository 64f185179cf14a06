// The namespace packages as another team composes them: with their default options, into a neutral
// cluster (example.org, two nodes, its own buckets and a throw-away key), never Helix's settings.
import { certManager } from "@helix-cluster/cert-manager";
import type { NamespacePackage } from "@helix-cluster/core";
import { expectValidates, resourceMetricsStandIn } from "@helix-cluster/core/testing";
import { dataPlane } from "@helix-cluster/data-plane";
import { environments } from "@helix-cluster/environments";
import { fluxSystem } from "@helix-cluster/flux-system";
import { istioSystem } from "@helix-cluster/istio-system";
import { kubeSystem } from "@helix-cluster/kube-system";
import { monitoring } from "@helix-cluster/monitoring";
import { network } from "@helix-cluster/network";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import { describe, expect, it } from "vitest";

const ALL: readonly (readonly [string, () => NamespacePackage])[] = [
  ["cert-manager", () => certManager()],
  ["data-plane", () => dataPlane()],
  ["environments", () => environments()],
  ["flux-system", () => fluxSystem()],
  ["istio-system", () => istioSystem()],
  ["kube-system", () => kubeSystem()],
  ["monitoring", () => monitoring()],
  ["network", () => network()],
  ["system-upgrade", () => systemUpgrade()],
];

describe("the namespace packages in a neutral cluster", () => {
  it("given all nine with their defaults, when rendered together, then the cluster validates and every folder kustomize builds", async () => {
    const report = await expectValidates({ namespaces: ALL.map(([, pkg]) => pkg()) });
    const namespaces = new Set([...report.files.keys()].map((path) => path.split("/")[0]));
    // Each package renders its namespace; environments renders one per application environment.
    const expected = [
      ...ALL.map(([name]) => name).filter((n) => n !== "environments"),
      "production",
      "staging",
      "testing",
    ];
    for (const name of expected) expect(namespaces, name).toContain(name);
  });

  // Alone, an autoscaled package needs a metrics API, which kube-system's metrics-server serves
  // in a full cluster: elsewhere the stand-in takes its place, as a consumer's own metrics server would.
  it.each(ALL)(
    "given %s alone with its defaults, when rendered, then it validates and kustomize builds",
    async (name, pkg) => {
      await expectValidates({
        namespaces: name === "kube-system" ? [pkg()] : [pkg(), resourceMetricsStandIn()],
      });
    },
  );
});
