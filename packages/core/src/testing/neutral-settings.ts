import type { ClusterSettings } from "../model/cluster-settings.js";

/**
 * The bucket slots of the neutral settings. A package that writes to a bucket takes its slot name
 * through an option whose default is one of these, so its tests need no setting of their own.
 */
export const NEUTRAL_BUCKET_SLOTS = [
  "backups",
  "offsiteBackups",
  "metrics",
  "logs",
  "traces",
  "profiles",
] as const;

/**
 * Settings of a neutral cluster, nothing of any real platform: the domain example.org, two k3s
 * nodes (one server, one agent), a LoadBalancer pool, its own buckets and the given age
 * recipient (a throw-away key, see `throwAwayKey`). `overrides` replace top-level fields.
 */
export function neutralSettings(
  recipient: string,
  overrides: Partial<ClusterSettings> = {},
): ClusterSettings {
  const bucket = (name: string) => ({
    bucket: `example-${name.toLowerCase()}`,
    region: "us-east-1",
    endpoint: "https://s3.example.org",
    forcePathStyle: true,
  });
  return {
    domain: "example.org",
    distribution: "k3s",
    k3sVersion: "v1.36.3+k3s1",
    acmeEmail: "ops@example.org",
    nodes: [
      { name: "server-1", address: "192.0.2.11", role: "server" },
      { name: "agent-1", address: "192.0.2.21", role: "agent" },
    ],
    loadBalancerPool: ["192.0.2.240/28"],
    git: { url: "https://git.example.org/platform.git", branch: "main" },
    sopsAgeRecipients: [recipient],
    timeZone: "Etc/UTC",
    buckets: Object.fromEntries(NEUTRAL_BUCKET_SLOTS.map((slot) => [slot, bucket(slot)])),
    ...overrides,
  };
}
