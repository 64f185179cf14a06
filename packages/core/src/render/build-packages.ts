import {
  type BuildContext,
  buildContextOf,
  type ClusterFacts,
  factsFingerprint,
  NO_FACTS,
  normaliseFacts,
} from "../model/build-context.js";
import type { ClusterDefinition } from "../model/cluster.js";
import { compareCodePoints } from "../model/code-point-order.js";
import type { NamespaceSpec } from "../model/namespace-package.js";
import { registerValuesSchema } from "../validate/chart-values.js";
import type { Problem } from "../validate/problem.js";

/** Builds of every package before core gives up on a cluster whose facts keep changing. */
export const MAX_BUILD_PASSES = 4;

/** One namespace as a package built it. */
export interface BuiltNamespace {
  readonly packageName: string;
  readonly spec: NamespaceSpec;
}

/** The packages of a cluster, built with a stable context. */
export interface BuiltPackages {
  readonly namespaces: readonly BuiltNamespace[];
  /** What the built components install and provide: the context of the last pass. */
  readonly facts: ClusterFacts;
  /** How many times every package was built. */
  readonly passes: number;
  readonly problems: readonly Problem[];
}

interface Pass {
  readonly namespaces: BuiltNamespace[];
  readonly problems: Problem[];
  /** Whether any package read what the facts decide (types, namespaces, handles). */
  readonly readFacts: boolean;
  /** Each package's own contribution to the facts, by package name. */
  readonly byPackage: Map<string, ClusterFacts>;
}

function buildOnce(cluster: ClusterDefinition, facts: ClusterFacts): Pass {
  const full = buildContextOf(cluster.name, cluster.settings, facts);
  let readFacts = false;
  // The same context, noting whether a package looked at the facts: if none did, the first pass is final.
  const context: BuildContext = {
    clusterName: full.clusterName,
    clusterDomain: full.clusterDomain,
    get namespaces() {
      readFacts = true;
      return full.namespaces;
    },
    has: (type) => {
      readFacts = true;
      return full.has(type);
    },
    hasNamespace: (name) => {
      readFacts = true;
      return full.hasNamespace(name);
    },
    provided: (contract) => {
      readFacts = true;
      return full.provided(contract);
    },
    provides: (handle) => {
      readFacts = true;
      return full.provides(handle);
    },
    url: full.url,
  };
  const namespaces: BuiltNamespace[] = [];
  const problems: Problem[] = [];
  const byPackage = new Map<string, ClusterFacts>();
  for (const pkg of cluster.namespaces) {
    let specs: readonly NamespaceSpec[] = [];
    try {
      for (const schema of pkg.chartValuesSchemas ?? []) registerValuesSchema(schema);
      specs = pkg.build(cluster.settings, context);
    } catch (error) {
      problems.push({
        cluster: cluster.name,
        layer: "build",
        package: pkg.packageName,
        message: `package failed to build: ${error instanceof Error ? error.message : String(error)}`,
      });
    }
    for (const spec of specs) namespaces.push({ packageName: pkg.packageName, spec });
    const own = factsOf(specs);
    const before = byPackage.get(pkg.packageName);
    byPackage.set(
      pkg.packageName,
      before
        ? {
            types: [...before.types, ...own.types],
            namespaces: [...before.namespaces, ...own.namespaces],
            handles: [...before.handles, ...own.handles],
          }
        : own,
    );
  }
  return { namespaces, problems, byPackage, readFacts };
}

/** What some built namespaces install (CRDs), hold (namespaces) and provide (handles). */
export function factsOf(specs: readonly NamespaceSpec[]): ClusterFacts {
  return {
    types: specs.flatMap((s) => s.components.flatMap((c) => c.installsCrds ?? [])),
    namespaces: specs.map((s) => s.name),
    handles: specs.flatMap((s) => s.components.flatMap((c) => c.provides ?? [])),
  };
}

const union = (pass: Pass): ClusterFacts =>
  normaliseFacts({
    types: [...pass.byPackage.values()].flatMap((f) => f.types),
    namespaces: [...pass.byPackage.values()].flatMap((f) => f.namespaces),
    handles: [...pass.byPackage.values()].flatMap((f) => f.handles),
  });

/**
 * Builds every package of the cluster until the context is stable: the first pass with what
 * Kubernetes itself has, each next one with what the previous pass installed, rendered and
 * provided, until a pass yields the facts it was given (usually the second; the first when no
 * package reads what the others install, render or provide). A package's build
 * errors count in the last pass only. After MAX_BUILD_PASSES passes without settling, a problem
 * names the packages whose contribution still changed.
 */
export function buildPackages(cluster: ClusterDefinition): BuiltPackages {
  let facts = NO_FACTS;
  let previous: Pass | undefined;
  // Packages whose own contribution differed between two passes (the first pass excepted: every
  // package starts from nothing).
  const changed = new Set<string>();
  for (let passes = 1; ; passes++) {
    const pass = buildOnce(cluster, facts);
    const next = union(pass);
    if (!pass.readFacts || factsFingerprint(next) === factsFingerprint(facts))
      return { namespaces: pass.namespaces, facts: next, passes, problems: pass.problems };
    for (const [name, f] of pass.byPackage) {
      const was = previous?.byPackage.get(name);
      if (was && factsFingerprint(was) !== factsFingerprint(f)) changed.add(name);
    }
    if (passes === MAX_BUILD_PASSES) {
      const changing = [...changed].sort(compareCodePoints);
      return {
        namespaces: pass.namespaces,
        facts: next,
        passes,
        problems: [
          ...pass.problems,
          {
            cluster: cluster.name,
            layer: "build",
            message: `the packages did not settle after ${passes} builds: ${changing.join(", ")} change what they install, render or provide each time, depending on what the others do (make an integration depend on what the other package provides, not on its own absence)`,
          },
        ],
      };
    }
    previous = pass;
    facts = next;
  }
}
