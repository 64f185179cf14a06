import type { ClusterSettings } from "@helix-cluster/core";
import { type DataPlaneOptions, OPENEBS_HOSTPATH_CLASS } from "./options.js";

/** True when this cluster gets the OpenEBS hostpath provisioner (k3s has no other local storage). */
export function openebsEnabled(settings: ClusterSettings, opts: DataPlaneOptions): boolean {
  return opts.openebs?.enabled ?? settings.distribution === "k3s";
}

/** StorageClass of the data services' volumes; undefined means the cluster's default class. */
export function storageClassOf(settings: ClusterSettings, opts: DataPlaneOptions): string | undefined {
  return opts.storageClassName ?? (openebsEnabled(settings, opts) ? OPENEBS_HOSTPATH_CLASS : undefined);
}

/** Components the stateful services wait for: the provisioner of their volumes, when we install it. */
export function storageDependsOn(settings: ClusterSettings, opts: DataPlaneOptions): string[] {
  return openebsEnabled(settings, opts) ? ["openebs"] : [];
}

/** Cron expression in the cluster's time zone: a CRON_TZ prefix unless the zone is UTC. */
export function cronIn(settings: ClusterSettings, cron: string): string {
  const tz = settings.timeZone ?? "Etc/UTC";
  return ["UTC", "Etc/UTC", "Etc/GMT", "GMT"].includes(tz) ? cron : `CRON_TZ=${tz} ${cron}`;
}

/** Required anti-affinity: at most one pod with these labels per node. */
export function onePerNode(matchLabels: Readonly<Record<string, string>>): {
  podAntiAffinity: {
    requiredDuringSchedulingIgnoredDuringExecution: {
      labelSelector: { matchLabels: Record<string, string> };
      topologyKey: string;
    }[];
  };
} {
  return {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { ...matchLabels } }, topologyKey: "kubernetes.io/hostname" },
      ],
    },
  };
}
