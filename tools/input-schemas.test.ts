// The generated input schemas are current, and every namespace package checks the options a
// cluster passes against its own before anything is built.
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { certManager } from "@helix-cluster/cert-manager";
import {
  type ClusterDefinition,
  type ClusterSettings,
  defineCluster,
  formatProblem,
  loadClusterEntry,
  type NamespacePackage,
  NO_OPTIONS,
} from "@helix-cluster/core";
import { checkClusterInputs, checkInput } from "@helix-cluster/core/internal";
import { dataPlane } from "@helix-cluster/data-plane";
import { environments } from "@helix-cluster/environments";
import { fluxSystem } from "@helix-cluster/flux-system";
import { istioSystem } from "@helix-cluster/istio-system";
import { kubeSystem } from "@helix-cluster/kube-system";
import { monitoring } from "@helix-cluster/monitoring";
import { network } from "@helix-cluster/network";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import { beforeAll, describe, expect, it } from "vitest";
import { INPUT_SCHEMA_SOURCES, inputSchemaFiles, inputSchemas } from "./generate/input-schemas.js";

const root = join(import.meta.dirname, "..");

// The clusters are loaded as the CLI loads them: nothing imports a cluster (a lint rule).
let onprem: ClusterDefinition;
let awsDr: ClusterDefinition;
let settings: ClusterSettings;
beforeAll(async () => {
  onprem = await loadClusterEntry(join(root, "clusters/helix-onprem/cluster.ts"));
  awsDr = await loadClusterEntry(join(root, "clusters/helix-aws-dr/cluster.ts"));
  settings = onprem.settings;
});

describe("generated input schemas", () => {
  let schemas: ReturnType<typeof inputSchemas>;
  beforeAll(() => {
    schemas = inputSchemas(root);
  });

  it("are current: the committed modules equal a fresh generation (run `npm run generate:schemas` if this fails)", async () => {
    const fresh = inputSchemaFiles(schemas);
    // A schema module and its compiled validator per source.
    expect(fresh.size).toBe(2 * INPUT_SCHEMA_SOURCES.length);
    for (const [path, content] of fresh) expect(await readFile(join(root, path), "utf8"), path).toBe(content);
  });

  it("reject unknown keys in every object they describe, and inline everything (no $ref)", () => {
    for (const [source, schema] of schemas) {
      const open: string[] = [];
      const walk = (node: unknown, path: string): void => {
        if (Array.isArray(node)) for (const [i, n] of node.entries()) walk(n, `${path}/${i}`);
        if (typeof node !== "object" || node === null || Array.isArray(node)) return;
        const schema = node as Record<string, unknown>;
        expect(schema.$ref, `${source.type}${path}`).toBeUndefined();
        if (schema.properties !== undefined && schema.additionalProperties !== false) open.push(path || "/");
        for (const [key, value] of Object.entries(schema)) walk(value, `${path}/${key}`);
      };
      walk(schema, "");
      expect(open, source.type).toEqual([]);
    }
  });
});

/** A factory taking options the type checker would refuse, as an entry run without tsc may pass them. */
type Loose = (options: never) => NamespacePackage;
const PACKAGES: readonly [string, Loose][] = [
  ["@helix-cluster/cert-manager", certManager],
  ["@helix-cluster/data-plane", dataPlane],
  ["@helix-cluster/environments", environments],
  ["@helix-cluster/flux-system", fluxSystem],
  ["@helix-cluster/istio-system", istioSystem],
  ["@helix-cluster/kube-system", kubeSystem],
  ["@helix-cluster/monitoring", monitoring],
  ["@helix-cluster/network", network],
  ["@helix-cluster/system-upgrade", systemUpgrade],
];

describe("package options checked before the build", () => {
  it.each(PACKAGES)("%s names an unknown option with the package and its path", (name, factory) => {
    // Given the package built with an option it does not have
    const pkg = factory({ replicaCount: 3 } as never);
    // When the cluster's inputs are checked
    const problems = checkClusterInputs(defineCluster({ name: "helix-onprem", settings, namespaces: [pkg] }));
    // Then one located problem
    expect(problems.map(formatProblem)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^helix-onprem › ${name} › options\\.replicaCount: unknown key "replicaCount": .+ \\[input\\]$`,
        ),
      ),
    ]);
  });

  it("reports a nested wrong type once, with its path", () => {
    const pkg = network({ ingress: { replicas: "2" } } as never);
    const problems = checkClusterInputs(defineCluster({ name: "helix-onprem", settings, namespaces: [pkg] }));
    expect(problems.map(formatProblem)).toEqual([
      'helix-onprem › @helix-cluster/network › options.ingress.replicas: must be a number, found the string "2" [input]',
    ]);
  });

  it("passes the settings and options both clusters use", () => {
    for (const cluster of [onprem, awsDr]) expect(checkClusterInputs(cluster), cluster.name).toEqual([]);
  });
});

describe("validators compiled ahead of time", () => {
  /** Inputs that break a schema in several ways at once: every known key of the wrong kind, an unknown key. */
  const badInputs = (schema: { properties?: Readonly<Record<string, unknown>> }): unknown[] => {
    const keys = Object.keys(schema.properties ?? {});
    return [
      { ...Object.fromEntries(keys.map((k) => [k, 1.5])), notAnOption: true },
      Object.fromEntries(keys.map((k) => [k, "x"])),
      Object.fromEntries(keys.map((k) => [k, [{}]])),
      "not an object",
    ].filter((v) => typeof v !== "object" || Object.keys(v).length > 0);
  };

  it.each([...PACKAGES, ["NO_OPTIONS", () => ({ options: { schema: NO_OPTIONS } })] as const])(
    "%s: report exactly what Ajv reports compiling the schema at run time",
    (_name, factory) => {
      const schema = (factory({} as never) as NamespacePackage).options?.schema;
      if (!schema) throw new Error("the package has no options schema");
      for (const value of badInputs(schema)) {
        const precompiled = checkInput(value, schema, "options");
        // A copy of the schema has no compiled validator: Ajv compiles it.
        expect(precompiled, JSON.stringify(value)).toEqual(checkInput(value, { ...schema }, "options"));
        expect(precompiled.length).toBeGreaterThan(0);
      }
    },
  );

  it("ClusterSettings: the same, through a cluster's inputs", () => {
    for (const value of [
      { ...settings, domain: 7, notASetting: true },
      ...badInputs({ properties: settings as unknown as Record<string, unknown> }),
    ]) {
      const cluster = defineCluster({
        name: "helix-onprem",
        settings: value as ClusterSettings,
        namespaces: [],
      });
      const precompiled = checkClusterInputs(cluster).map(formatProblem);
      // A settings extension merges the schemas: Ajv compiles the merged one.
      const compiled = checkClusterInputs({ ...cluster, settingsSchema: { type: "object", properties: {} } });
      expect(precompiled, JSON.stringify(value)).toEqual(compiled.map(formatProblem));
      expect(precompiled.length).toBeGreaterThan(0);
    }
  });
});
