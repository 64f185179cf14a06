import type { ClusterSettings } from "@helix-cluster/core";

/** The well-known node label of failure domains (racks here). */
export const ZONE_LABEL = "topology.kubernetes.io/zone";

/** Distinct failure domains of the node inventory, sorted; empty when nodes carry no zone label. */
export function nodeZones(settings: ClusterSettings): string[] {
  const zones = new Set<string>();
  for (const n of settings.nodes ?? []) {
    const z = n.labels?.[ZONE_LABEL];
    if (z) zones.add(z);
  }
  return [...zones].sort();
}
