import type { ComponentStatus } from "./cluster-status.js";
import { compareText } from "./compare-text.js";

const quote = (s: string): string => `"${s.replaceAll('"', "#quot;")}"`;

/**
 * A Mermaid `graph TD` of the Flux Kustomizations: one node per component, grouped by namespace,
 * and an arrow from each dependency to the component that waits for it (top to bottom is the
 * order Flux applies them in). Node ids are positional, so names never clash with Mermaid syntax.
 */
export function dependencyGraph(components: readonly ComponentStatus[]): string {
  const sorted = [...components].sort((a, b) => compareText(a.name, b.name));
  const id = new Map(sorted.map((c, i) => [c.name, `c${i}`]));
  const lines = ["graph TD"];
  const namespaces = [...new Set(sorted.map((c) => c.namespace))].sort(compareText);
  namespaces.forEach((ns, i) => {
    lines.push(`  subgraph ns${i}[${quote(ns)}]`);
    for (const c of sorted.filter((s) => s.namespace === ns))
      lines.push(`    ${id.get(c.name)}[${quote(c.name)}]`);
    lines.push("  end");
  });
  for (const c of sorted) {
    for (const dep of c.dependsOn) {
      const from = id.get(dep);
      if (from) lines.push(`  ${from} --> ${id.get(c.name)}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
