import { type ClusterSettings, type Component, type S3BucketSettings, secretRef } from "@helix-cluster/core";
import * as veleroModels from "@helix-cluster/core/models/velero";
import { DATA_PLANE_NAMESPACE, DEFAULT_VELERO_LOCATIONS, type VeleroOptions } from "./options.js";
import { bucketSlot, cronIn } from "./shared.js";

const { BackupStorageLocation, Schedule } = veleroModels.veleroIo.v1;

/** A backup storage location: where it is, and the Secret holding its credentials file. */
export interface BackupLocation {
  /** BackupStorageLocation name. */
  readonly name: string;
  readonly bucket: S3BucketSettings;
  /** Secret with an AWS credentials file under the key "cloud". */
  readonly secret: string;
}

/** One backup cadence, rendered once per location. */
export interface BackupCadence {
  readonly name: "daily" | "weekly" | "monthly";
  /** Cron expression, minute and hour in settings.timeZone. */
  readonly cron: string;
  /** Retention, a Go duration. */
  readonly ttl: string;
}

/**
 * Daily (kept 7 days), weekly (kept 4 weeks) and monthly (kept a year). Staggered so that two
 * backups never start together and each further location's copy runs after the first one.
 */
export const BACKUP_CADENCES: readonly BackupCadence[] = [
  { name: "daily", cron: "0 1 * * *", ttl: "168h" },
  { name: "weekly", cron: "0 3 * * 0", ttl: "672h" },
  { name: "monthly", cron: "0 5 1 * *", ttl: "8760h" },
];

/** Hours each further location's run of a cadence starts after the previous location's. */
const LOCATION_OFFSET_HOURS = 1;

/** The locations of the options (the default one first), with their buckets from the settings. */
export function backupLocations(settings: ClusterSettings, opts: VeleroOptions): BackupLocation[] {
  const locations = opts.locations ?? DEFAULT_VELERO_LOCATIONS;
  if (locations.length === 0)
    throw new Error(
      "@helix-cluster/data-plane option velero.locations is empty: list at least one bucket slot, or set velero: false",
    );
  return locations.map((loc, i) => ({
    name: loc.name,
    bucket: bucketSlot(settings, loc.bucket, `velero.locations[${i}].bucket`),
    secret: loc.credentialsSecret,
  }));
}

/** The BackupStorageLocation of one bucket (aws plugin, S3 or S3-compatible). */
export function backupStorageLocation(
  location: BackupLocation,
  isDefault: boolean,
  opts: VeleroOptions,
): InstanceType<typeof BackupStorageLocation> {
  const { bucket } = location;
  return new BackupStorageLocation({
    metadata: { name: location.name, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      provider: "aws",
      default: isDefault,
      accessMode: opts.readOnly ? "ReadOnly" : "ReadWrite",
      objectStorage: { bucket: bucket.bucket, prefix: opts.prefix ?? "velero" },
      credential: { name: location.secret, key: "cloud" },
      config: {
        region: bucket.region,
        ...(bucket.endpoint ? { s3Url: bucket.endpoint } : {}),
        ...(bucket.forcePathStyle ? { s3ForcePathStyle: "true" } : {}),
      },
    },
  });
}

/** The Schedule of one cadence to one location (a Schedule has a single storageLocation). */
export function backupSchedule(
  settings: ClusterSettings,
  cadence: BackupCadence,
  location: BackupLocation,
  index: number,
): InstanceType<typeof Schedule> {
  const [minute, hour, ...rest] = cadence.cron.split(" ");
  const shifted = [minute, String((Number(hour) + index * LOCATION_OFFSET_HOURS) % 24), ...rest].join(" ");
  return new Schedule({
    metadata: { name: `${cadence.name}-${location.name}`, namespace: DATA_PLANE_NAMESPACE },
    spec: {
      schedule: cronIn(settings, shifted),
      // A new schedule waits for its first slot instead of backing up at once on install.
      skipImmediately: true,
      useOwnerReferencesInBackup: false,
      template: {
        storageLocation: location.name,
        ttl: cadence.ttl,
        includedNamespaces: ["*"],
        excludedResources: ["events", "events.events.k8s.io"],
        snapshotVolumes: false,
        defaultVolumesToFsBackup: true,
      },
    },
  });
}

/**
 * Where backups go and when: one BackupStorageLocation per bucket, and the daily, weekly and
 * monthly Schedules to each of them. Needs the CRDs of the "velero" component.
 */
export function veleroBackups(settings: ClusterSettings, opts: VeleroOptions): Component {
  const locations = backupLocations(settings, opts);
  const schedules =
    (opts.schedules ?? true) && !opts.readOnly
      ? BACKUP_CADENCES.flatMap((cadence) =>
          locations.map((loc, i) => backupSchedule(settings, cadence, loc, i)),
        )
      : [];
  return {
    name: "velero-backups",
    namespace: DATA_PLANE_NAMESPACE,
    objects: [...locations.map((loc, i) => backupStorageLocation(loc, i === 0, opts)), ...schedules],
    secrets: locations.map((loc) => secretRef(loc.secret, ["cloud"])),
  };
}
