import type { Component } from "../model/component.js";
import { describeHandle, handleKey } from "../model/contracts.js";
import { type ResourceType, resourceTypeOf } from "../model/kube-object.js";
import { isPlatformType } from "../validate/resource-scope.js";

/** A component with the package it came from. */
export interface PlacedComponent {
  readonly packageName: string;
  readonly component: Component;
}

/** A problem the graph found, attributed to one component. */
export interface GraphProblem {
  readonly packageName: string;
  readonly component: string;
  readonly message: string;
  readonly layer: "reference" | "policy";
}

/** Flux dependencies per component name, derived from CRD use, plus the problems found. */
export interface DependencyGraph {
  readonly dependsOn: ReadonlyMap<string, readonly string[]>;
  readonly problems: readonly GraphProblem[];
}

/** Resource types a component needs installed: those of its objects plus the declared ones. */
export function usedTypes(component: Component): ResourceType[] {
  const types = new Set<ResourceType>(component.usesCrds ?? []);
  for (const obj of component.objects) types.add(resourceTypeOf(obj));
  return [...types].sort();
}

/**
 * Derives `dependsOn` (a component creating objects of a CRD waits for the component installing it,
 * a component using a handle waits for the component providing it), adds the declared extra
 * dependencies, and reports unknown types, double installers and providers, a used handle no
 * component provides, a component using CRDs it installs itself (Flux cannot apply both in one
 * pass) and dependency cycles.
 */
export function deriveDependencies(placed: readonly PlacedComponent[]): DependencyGraph {
  const problems: GraphProblem[] = [];
  const byName = new Map(placed.map((p) => [p.component.name, p]));
  const installer = new Map<ResourceType, PlacedComponent>();
  for (const p of placed) {
    for (const type of p.component.installsCrds ?? []) {
      const other = installer.get(type);
      if (other && other !== p) {
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "policy",
          message: `installs CRD ${type}, already installed by component "${other.component.name}" (${other.packageName})`,
        });
      } else installer.set(type, p);
    }
  }

  const provider = new Map<string, PlacedComponent>();
  for (const p of placed) {
    for (const handle of p.component.provides ?? []) {
      const key = handleKey(handle);
      const other = provider.get(key);
      if (other && other !== p) {
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "policy",
          message: `provides ${describeHandle(handle)}, already provided by component "${other.component.name}" (${other.packageName}): one provider per handle`,
        });
      } else provider.set(key, p);
    }
  }

  const dependsOn = new Map<string, string[]>();
  for (const p of placed) {
    const deps = new Set<string>();
    for (const handle of p.component.uses ?? []) {
      const from = provider.get(handleKey(handle));
      if (from === undefined)
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "reference",
          message: `uses ${describeHandle(handle)}, which no component of this cluster provides: compose the package that provides it, or wire the option that names it to a provider`,
        });
      else if (from !== p) deps.add(from.component.name);
    }
    const own = new Set(p.component.installsCrds ?? []);
    for (const type of usedTypes(p.component)) {
      const from = installer.get(type);
      if (from === p || own.has(type)) {
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "policy",
          message: `creates ${type} objects but also installs that CRD: move them to a separate component that depends on this one`,
        });
      } else if (from) deps.add(from.component.name);
      else if (!isPlatformType(type)) {
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "reference",
          message: `uses ${type}, but no component in the cluster installs that CRD`,
        });
      }
    }
    for (const extra of p.component.kustomization?.dependsOn ?? []) {
      if (!byName.has(extra)) {
        problems.push({
          packageName: p.packageName,
          component: p.component.name,
          layer: "reference",
          message: `dependsOn "${extra}", which is not a component of this cluster`,
        });
      } else deps.add(extra);
    }
    dependsOn.set(p.component.name, [...deps].sort());
  }

  for (const cycle of findCycles(dependsOn)) {
    const first = byName.get(cycle[0] ?? "");
    problems.push({
      packageName: first?.packageName ?? "",
      component: cycle[0] ?? "",
      layer: "reference",
      message: `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}`,
    });
  }
  return { dependsOn, problems };
}

/** Each elementary cycle found by depth-first search, reported once, starting at its smallest name. */
function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  const state = new Map<string, "visiting" | "done">();
  const stack: string[] = [];
  const cycles = new Map<string, string[]>();
  const visit = (node: string): void => {
    state.set(node, "visiting");
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      const s = state.get(next);
      if (s === "visiting") {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0] ?? next);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        cycles.set(rotated.join("\u0000"), rotated);
      } else if (s === undefined) visit(next);
    }
    stack.pop();
    state.set(node, "done");
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...cycles.values()];
}
