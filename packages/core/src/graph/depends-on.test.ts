import { describe, expect, it } from "vitest";
import type { Component } from "../model/component.js";
import { deriveDependencies } from "./depends-on.js";

const comp = (name: string, extra: Partial<Component> = {}): Component => ({
  name,
  namespace: "ns",
  objects: [],
  ...extra,
});
const cr = (apiVersion: string, kind: string) => ({ apiVersion, kind, metadata: { name: "x" } });

describe("deriveDependencies", () => {
  it("makes a component that creates objects of a CRD depend on the component installing it", () => {
    const graph = deriveDependencies([
      {
        packageName: "p",
        component: comp("issuers", { objects: [cr("cert-manager.io/v1", "ClusterIssuer")] }),
      },
      {
        packageName: "p",
        component: comp("cert-manager", { installsCrds: ["cert-manager.io/ClusterIssuer"] }),
      },
      {
        packageName: "q",
        component: comp("dashboards", {
          usesCrds: ["cert-manager.io/ClusterIssuer"],
          kustomization: { dependsOn: ["issuers"] },
        }),
      },
    ]);
    expect(graph.problems).toEqual([]);
    expect(graph.dependsOn.get("issuers")).toEqual(["cert-manager"]);
    expect(graph.dependsOn.get("dashboards")).toEqual(["cert-manager", "issuers"]);
    expect(graph.dependsOn.get("cert-manager")).toEqual([]);
  });

  it("reports a CRD nobody installs, a second installer, and a component using its own CRDs", () => {
    const graph = deriveDependencies([
      { packageName: "p", component: comp("a", { objects: [cr("x.example.com/v1", "X")] }) },
      {
        packageName: "p",
        component: comp("b", { installsCrds: ["y.example.com/Y"], objects: [cr("y.example.com/v1", "Y")] }),
      },
      { packageName: "p", component: comp("c", { installsCrds: ["y.example.com/Y"] }) },
    ]);
    expect(graph.problems.map((p) => `${p.component}: ${p.message}`)).toEqual([
      'c: installs CRD y.example.com/Y, already installed by component "b" (p)',
      "a: uses x.example.com/X, but no component in the cluster installs that CRD",
      "b: creates y.example.com/Y objects but also installs that CRD: move them to a separate component that depends on this one",
    ]);
  });

  it("reports each cycle once with its path", () => {
    const graph = deriveDependencies([
      { packageName: "p", component: comp("c", { kustomization: { dependsOn: ["a"] } }) },
      { packageName: "p", component: comp("a", { kustomization: { dependsOn: ["b"] } }) },
      { packageName: "p", component: comp("b", { kustomization: { dependsOn: ["c"] } }) },
    ]);
    expect(graph.problems.map((p) => p.message)).toEqual(["dependency cycle: a → b → c → a"]);
  });

  it("accepts Kubernetes and Flux types without an installer", () => {
    const graph = deriveDependencies([
      {
        packageName: "p",
        component: comp("a", {
          objects: [
            cr("apps/v1", "Deployment"),
            cr("helm.toolkit.fluxcd.io/v2", "HelmRelease"),
            cr("v1", "ConfigMap"),
          ],
        }),
      },
    ]);
    expect(graph.problems).toEqual([]);
  });
});
