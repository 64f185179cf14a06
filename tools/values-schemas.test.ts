// A chart with a generated values schema keeps it through every bump: each HelmRelease the clusters
// render whose chart has a schema in some package's src/generated/values is checked with the schema
// of exactly its pinned version (the component passes it to helmComponent as valuesSchema).
import { join, resolve } from "node:path";
import { certManager } from "@helix-cluster/cert-manager";
import type { NamespacePackage } from "@helix-cluster/core";
import { assembleCluster, type ChartValuesSchema, loadClusterEntry } from "@helix-cluster/core";
import { chartKeyOf, hasValuesValidator } from "@helix-cluster/core/internal";
import { dataPlane } from "@helix-cluster/data-plane";
import { istioSystem } from "@helix-cluster/istio-system";
import { kubeSystem } from "@helix-cluster/kube-system";
import { monitoring } from "@helix-cluster/monitoring";
import { network } from "@helix-cluster/network";
import { describe, expect, it } from "vitest";
import { VALUES_SCHEMA_OWNERS } from "./generate/values-owners.js";

const root = resolve(import.meta.dirname, "..");

/** The factory of each package that owns a chart values schema, by package folder. */
const PACKAGES: Readonly<Record<string, () => NamespacePackage>> = {
  "cert-manager": () => certManager(),
  "data-plane": () => dataPlane(),
  "istio-system": () => istioSystem(),
  "kube-system": () => kubeSystem(),
  monitoring: () => monitoring(),
  network: () => network(),
};

/** The generated schemas of every package that pins a chart with one. */
async function generatedSchemas(): Promise<ChartValuesSchema[]> {
  const owners = [...new Set(Object.values(VALUES_SCHEMA_OWNERS))].sort();
  const modules = await Promise.all(
    owners.map(
      (owner) =>
        import(join(root, "packages", owner, "src/generated/values/index.ts")) as Promise<{
          chartValuesSchemas: readonly ChartValuesSchema[];
        }>,
    ),
  );
  return modules.flatMap((m) => m.chartValuesSchemas);
}

describe("chart values schemas", () => {
  it("every package that pins a chart with a schema holds it, keyed by chart and exact version", async () => {
    const schemas = await generatedSchemas();
    expect(schemas.map((s) => s.chart).sort()).toEqual(Object.keys(VALUES_SCHEMA_OWNERS).sort());
  });

  it.each(Object.entries(PACKAGES))(
    "@helix-cluster/%s declares every schema it holds, so a bump of its charts cannot skip them",
    async (owner, factory) => {
      // Given the package's generated schemas, when the package is instantiated as a cluster would
      const held = (await generatedSchemas())
        .filter((s) => VALUES_SCHEMA_OWNERS[s.chart] === owner)
        .map((s) => `${s.chart}@${s.version}`);
      const declared = (factory().chartValuesSchemas ?? []).map((s) => `${s.chart}@${s.version}`);
      // Then core registers all of them before its build
      expect(held.length).toBeGreaterThan(0);
      expect([...declared].sort()).toEqual([...held].sort());
    },
  );

  it.each(["helix-onprem", "helix-aws-dr"])(
    "%s: every release of a chart with a schema is checked with the schema of its pinned version",
    async (name) => {
      const charts = new Set((await generatedSchemas()).map((s) => s.chart));
      const assembled = assembleCluster(await loadClusterEntry(join(root, "clusters", name, "cluster.ts")));
      const byName = new Map<string, (typeof assembled.objects)[number]["object"]>(
        assembled.objects
          .filter((o) => o.type === "source.toolkit.fluxcd.io/OCIRepository")
          .map((o) => [
            `${(o.object.metadata as { namespace?: string }).namespace}/${(o.object.metadata as { name: string }).name}`,
            o.object,
          ]),
      );
      const keys = assembled.objects
        .filter((o) => o.type === "helm.toolkit.fluxcd.io/HelmRelease")
        .map((o) => {
          const ns = (o.object.metadata as { namespace?: string }).namespace;
          return chartKeyOf(o.object, (n) => byName.get(`${ns}/${n}`));
        })
        .filter((k): k is string => k !== undefined && charts.has(k.slice(0, k.lastIndexOf("@"))));
      expect(keys.length).toBeGreaterThan(5);
      expect(keys.filter((k) => !hasValuesValidator(k))).toEqual([]);
    },
  );
});
