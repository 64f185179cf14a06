import {
  type BuildContext,
  type ClusterSettings,
  monitoringIntegration as coreMonitoringIntegration,
  enabledOptions,
  type Integration,
  type ResourceType,
  type S3BucketSettings,
} from "@helix-cluster/core";
import { type DataPlaneOptions, OPENEBS_HOSTPATH_CLASS, type OpenEbsOptions } from "./options.js";

/** OpenEBS' options when this cluster gets the hostpath provisioner (by default on k3s, which has no other local storage). */
export function openebsOptions(
  settings: ClusterSettings,
  opts: DataPlaneOptions,
): OpenEbsOptions | undefined {
  return enabledOptions(opts.openebs, settings.distribution === "k3s" ? {} : false);
}

/** True when this cluster gets the OpenEBS hostpath provisioner. */
export function openebsEnabled(settings: ClusterSettings, opts: DataPlaneOptions): boolean {
  return openebsOptions(settings, opts) !== undefined;
}

/**
 * The monitoring integration of the charts: on ("auto") when the cluster installs the Prometheus
 * Operator's CRDs that `types` names.
 */
export function monitoringIntegration(
  context: BuildContext,
  opts: DataPlaneOptions,
  types: readonly ResourceType[],
): Integration {
  return coreMonitoringIntegration(context, { option: opts.monitoring, types });
}

/** The slot `slot` of settings.buckets, or an error naming the option that chose it. */
export function bucketSlot(settings: ClusterSettings, slot: string, optionPath: string): S3BucketSettings {
  const bucket = settings.buckets?.[slot];
  if (!bucket)
    throw new Error(
      `@helix-cluster/data-plane option ${optionPath} names bucket slot "${slot}", which settings.buckets lacks: add it to the settings or pass a slot they have`,
    );
  return bucket;
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
