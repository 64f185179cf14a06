import { describe, expect, it } from "vitest";
import { clusterIssuer } from "../model/contracts.js";
import { resolveIntegration } from "../model/integration.js";
import { assembleCluster } from "../render/assemble.js";
import { MAX_BUILD_PASSES } from "../render/build-packages.js";
import { validateCluster } from "../validate/validate-cluster.js";
import { cluster, configMap, contextPackage, settings } from "./synthetic.js";

const MONITOR = "monitoring.example.org/Monitor";

/** Installs the Monitor CRD. */
const monitoringPackage = contextPackage("@test/monitoring", "monitoring", () => [
  { name: "monitor-crds", namespace: "monitoring", objects: [], installsCrds: [MONITOR] },
]);

/** An app whose monitoring integration follows `option`, with a Monitor object when it is on. */
const appPackage = (option: "auto" | boolean = "auto") =>
  contextPackage("@test/app", "app", (context) => {
    const monitoring = resolveIntegration(context, {
      name: "monitoring",
      option,
      needs: { types: [MONITOR] },
      addHint: "@test/monitoring",
    });
    return [
      {
        name: "app",
        namespace: "app",
        objects: [configMap("app", monitoring.enabled ? "monitored" : "plain")],
        usesCrds: monitoring.enabled ? [MONITOR] : [],
        integrations: [monitoring],
      },
    ];
  });

const appComponent = (c: ReturnType<typeof assembleCluster>) => c.components.find((x) => x.name === "app");

describe("the build context", () => {
  it("given a package that installs a CRD, when an app is built beside it, then its auto integration is on and it waits for the installer", () => {
    // Given the app and the package that installs what its integration needs
    const assembled = assembleCluster(cluster(appPackage(), monitoringPackage));
    // Then the app saw the CRD, whichever order the packages come in
    expect(assembled.problems).toEqual([]);
    expect(appComponent(assembled)?.integrations).toEqual([
      { name: "monitoring", enabled: true, reason: `auto: the cluster has ${MONITOR}`, missing: [] },
    ]);
    const ks = assembled.objects.find((o) => o.id === "Kustomization/flux-system/app");
    expect(ks?.object.spec).toMatchObject({ dependsOn: [{ name: "monitor-crds" }] });
    expect(assembled.facts.types).toEqual([MONITOR]);
  });

  it("given the app alone, when built, then the integration is off with the reason, and the cluster validates", async () => {
    const assembled = assembleCluster(cluster(appPackage()));
    expect(appComponent(assembled)?.integrations?.[0]).toMatchObject({
      enabled: false,
      reason: `auto: off, no component installs ${MONITOR}`,
    });
    const { problems } = await validateCluster(assembled, settings, "/nonexistent");
    expect(problems).toEqual([]);
  });

  it("given the integration asked for without what it needs, when validated, then one line names what to add or which option to turn off", async () => {
    const assembled = assembleCluster(cluster(appPackage(true)));
    const { problems } = await validateCluster(assembled, settings, "/nonexistent");
    expect(problems.filter((p) => p.message.includes("integration"))).toEqual([
      expect.objectContaining({
        package: "@test/app",
        component: "app",
        layer: "reference",
        message: `monitoring integration is on but no component installs ${MONITOR}: add @test/monitoring or set monitoring: false`,
      }),
    ]);
  });

  it("given the integration turned off, when built beside the installer, then it stays off", () => {
    const assembled = assembleCluster(cluster(appPackage(false), monitoringPackage));
    expect(appComponent(assembled)?.integrations?.[0]).toMatchObject({
      enabled: false,
      reason: "off: option monitoring is false",
    });
  });

  it("given packages that read nothing of the others, when assembled, then each is built once", () => {
    let builds = 0;
    const counted = contextPackage("@test/counted", "counted", () => {
      builds++;
      return [{ name: "counted", namespace: "counted", objects: [], installsCrds: [MONITOR] }];
    });
    assembleCluster(cluster(counted));
    expect(builds).toBe(1);
    assembleCluster(cluster(counted, appPackage()));
    // The app reads the context: every package is built again with what the first pass found.
    expect(builds).toBe(3);
  });

  it("given a package that asks only whether a particular handle is provided, when built beside its provider, then it sees it", () => {
    const issuer = clusterIssuer("letsencrypt");
    const issuers = contextPackage("@test/issuers", "issuers", () => [
      { name: "issuers", namespace: "issuers", objects: [], provides: [issuer] },
    ]);
    const asker = contextPackage("@test/asker", "asker", (context) => [
      {
        name: "asker",
        namespace: "asker",
        objects: [configMap("asker", context.provides(issuer) ? "issuer" : "none")],
      },
    ]);
    // The asker comes first: it sees the issuer only because reading provides() builds it again.
    const assembled = assembleCluster(cluster(asker, issuers));
    const cm = assembled.objects.find((o) => o.id === "ConfigMap/asker/asker");
    expect(cm?.object.data).toEqual({ value: "issuer" });
  });

  it("gives every package the cluster's namespaces and domain", () => {
    let seen: { namespaces: readonly string[]; domain: string; has: boolean } | undefined;
    const reader = contextPackage("@test/reader", "reader", (context) => {
      seen = {
        namespaces: context.namespaces,
        domain: context.clusterDomain,
        has: context.hasNamespace("app"),
      };
      return [];
    });
    assembleCluster({
      ...cluster(reader, appPackage()),
      settings: { ...settings, clusterDomain: "k8s.internal" },
    });
    expect(seen).toEqual({
      namespaces: ["app", "default", "kube-node-lease", "kube-public", "kube-system", "reader"],
      domain: "k8s.internal",
      has: true,
    });
  });

  it("given two packages that each install a CRD only while the other's is absent or present, when built, then a problem names both", () => {
    // A installs X while nobody installs Y; B installs Y once somebody installs X: no stable state.
    const a = contextPackage("@test/a", "a", (c) => [
      {
        name: "a",
        namespace: "a",
        objects: [],
        installsCrds: c.has("example.org/Y") ? [] : ["example.org/X"],
      },
    ]);
    const b = contextPackage("@test/b", "b", (c) => [
      {
        name: "b",
        namespace: "b",
        objects: [],
        installsCrds: c.has("example.org/X") ? ["example.org/Y"] : [],
      },
    ]);
    const { problems } = assembleCluster(cluster(a, b));
    expect(problems).toEqual([
      expect.objectContaining({
        layer: "build",
        message: expect.stringMatching(
          new RegExp(
            `did not settle after ${MAX_BUILD_PASSES} builds: @test/a, @test/b change what they install`,
          ),
        ),
      }),
    ]);
  });
});
