import type { ClusterSettings, S3BucketSettings } from "@helix-cluster/core";
import { type SecretRef, secretRef } from "@helix-cluster/core";
import { envReference } from "./env-reference.js";
import { type BucketSlots, type MonitoringOptions, S3_SECRET_KEYS } from "./options.js";

/** Bucket settings resolved into the pieces the Grafana backends ask for. */
export interface S3Target {
  readonly bucket: string;
  readonly region: string;
  /** "host[:port]" without scheme: AWS regional endpoint when the settings give none. */
  readonly endpoint: string;
  /** The endpoint speaks plain HTTP. */
  readonly insecure: boolean;
  /** Path-style addressing (bucket in the path, not in the host name). */
  readonly pathStyle: boolean;
}

type BucketName = keyof BucketSlots;

/**
 * The S3 target of one of the cluster's observability buckets (the slot `buckets.<name>` of the
 * options names, the slot of the same name by default); fails the build naming the option when the
 * settings have no such slot.
 */
export function s3Target(
  settings: ClusterSettings,
  opts: MonitoringOptions,
  name: BucketName,
  user: string,
): S3Target {
  const slot = opts.buckets?.[name] ?? name;
  const b: S3BucketSettings | undefined = settings.buckets?.[slot];
  if (!b) {
    throw new Error(
      `${user} needs settings.buckets.${slot} (an S3 or S3-compatible bucket): add it to the settings, or name another slot with the monitoring option buckets.${name}`,
    );
  }
  if (!b.endpoint) {
    return {
      bucket: b.bucket,
      region: b.region,
      endpoint: `s3.${b.region}.amazonaws.com`,
      insecure: false,
      pathStyle: b.forcePathStyle ?? false,
    };
  }
  const url = new URL(b.endpoint);
  return {
    bucket: b.bucket,
    region: b.region,
    endpoint: url.host,
    insecure: url.protocol === "http:",
    pathStyle: b.forcePathStyle ?? false,
  };
}

/** Name of the Secret holding the S3 credentials of one backend. */
export function s3SecretName(backend: string): string {
  return `${backend}-s3`;
}

/** The secretRef of a backend's S3 credentials (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY). */
export function s3SecretRef(backend: string): SecretRef {
  return secretRef(s3SecretName(backend), S3_SECRET_KEYS);
}

/** envFrom entry that loads a backend's S3 credentials as environment variables. */
export function s3EnvFrom(backend: string): { secretRef: { name: string } } {
  return { secretRef: { name: s3SecretName(backend) } };
}

/** Config-file reference to the access key, expanded from the environment at start-up. */
export const S3_ACCESS_KEY_REF = envReference("AWS_ACCESS_KEY_ID");
/** Config-file reference to the secret key, expanded from the environment at start-up. */
export const S3_SECRET_KEY_REF = envReference("AWS_SECRET_ACCESS_KEY");
