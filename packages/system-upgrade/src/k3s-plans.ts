import { burstPool, type ClusterSettings, type Component } from "@helix-cluster/core";
import * as systemUpgradeController from "@helix-cluster/core/models/system-upgrade-controller";
import { type K3sPlanOptions, SYSTEM_UPGRADE_NAMESPACE, SYSTEM_UPGRADE_SERVICE_ACCOUNT } from "./options.js";

const { Plan } = systemUpgradeController.upgradeCattleIo.v1;
type Plan = InstanceType<typeof Plan>;
type PlanSpec = NonNullable<Plan["spec"]>;

/** Component name of the k3s Plans. */
export const K3S_PLANS = "k3s-upgrade-plans";
/** Plan upgrading the servers (control plane, embedded etcd). */
export const SERVER_PLAN = "server-plan";
/** Plan upgrading the agents, after the servers. */
export const AGENT_PLAN = "agent-plan";
/** Image of the k3s upgrade Jobs; its tag comes from the Plan's `version` ("+" becomes "-"). */
export const K3S_UPGRADE_IMAGE = "rancher/k3s-upgrade";

const CONTROL_PLANE = "node-role.kubernetes.io/control-plane";
const K3S_VERSION = /^v\d+\.\d+\.\d+\+k3s\d+$/;
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The k3s version every node must run: exactly settings.k3sVersion, or a clear error. */
export function pinnedK3sVersion(settings: ClusterSettings): string {
  const version = settings.k3sVersion;
  if (settings.distribution !== "k3s") {
    throw new Error(
      `system-upgrade: the cluster runs ${settings.distribution}, not k3s; the k3s upgrade Plans only apply to k3s clusters`,
    );
  }
  if (version === undefined || version === "") {
    throw new Error(
      'system-upgrade: settings.k3sVersion is not set. Set it to the exact release every node must run, e.g. k3sVersion: "v1.36.3+k3s1"; the Plans pin that version and never follow a release channel.',
    );
  }
  if (!K3S_VERSION.test(version)) {
    throw new Error(
      `system-upgrade: settings.k3sVersion "${version}" is not an exact k3s release such as "v1.36.3+k3s1"`,
    );
  }
  return version;
}

function planWindow(settings: ClusterSettings, opts: K3sPlanOptions): Pick<PlanSpec, "window"> {
  const w = opts.window;
  if (!w) return {};
  if (w.days.length === 0 || !CLOCK.test(w.startTime) || !CLOCK.test(w.endTime)) {
    throw new Error(
      `system-upgrade: plans.window needs at least one day and "HH:MM" times (got ${JSON.stringify(w)})`,
    );
  }
  return {
    window: {
      days: [...w.days],
      startTime: w.startTime,
      endTime: w.endTime,
      timeZone: settings.timeZone ?? "Etc/UTC",
    },
  };
}

// Control-plane taints the Jobs must tolerate (the controller already adds node.kubernetes.io/unschedulable).
const SERVER_TOLERATIONS = [
  { key: "CriticalAddonsOnly", operator: "Exists" },
  { key: CONTROL_PLANE, operator: "Exists", effect: "NoSchedule" },
  { key: "node-role.kubernetes.io/etcd", operator: "Exists", effect: "NoExecute" },
];

/** The server Plan: control-plane nodes one at a time, cordoned, to exactly the pinned version. */
export function serverPlan(settings: ClusterSettings, opts: K3sPlanOptions = {}): Plan {
  return new Plan({
    metadata: { name: SERVER_PLAN, labels: { "k3s-upgrade": "server" } },
    spec: {
      // One etcd member at a time keeps quorum (2 of 3) through the whole upgrade.
      concurrency: 1,
      cordon: true,
      nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: "In", values: ["true"] }] },
      serviceAccountName: SYSTEM_UPGRADE_SERVICE_ACCOUNT,
      tolerations: SERVER_TOLERATIONS,
      upgrade: { image: K3S_UPGRADE_IMAGE },
      version: pinnedK3sVersion(settings),
      ...planWindow(settings, opts),
    },
  });
}

/**
 * The agent Plan: agents after every server is done ("prepare" waits for server-plan). Burst nodes
 * are left out: they are short-lived, install the release of their bootstrap Secret when they boot,
 * and their taint would keep the upgrade job off them anyway.
 */
export function agentPlan(settings: ClusterSettings, opts: K3sPlanOptions = {}): Plan {
  const drain = opts.agentDrain;
  const burst = burstPool(settings);
  return new Plan({
    metadata: { name: AGENT_PLAN, labels: { "k3s-upgrade": "agent" } },
    spec: {
      concurrency: opts.agentConcurrency ?? 1,
      nodeSelector: {
        matchExpressions: [
          { key: CONTROL_PLANE, operator: "DoesNotExist" },
          ...(burst ? [{ key: burst.taint.key, operator: "DoesNotExist" }] : []),
        ],
      },
      serviceAccountName: SYSTEM_UPGRADE_SERVICE_ACCOUNT,
      // Agents must never run a newer kubelet than the API servers: wait for the server Plan.
      prepare: { image: K3S_UPGRADE_IMAGE, args: ["prepare", SERVER_PLAN] },
      ...(drain
        ? {
            drain: {
              force: drain.force ?? false,
              ignoreDaemonSets: true,
              deleteEmptydirData: true,
              timeout: drain.timeout ?? "10m",
              skipWaitForDeleteTimeout: drain.skipWaitForDeleteTimeout ?? 60,
            },
          }
        : { cordon: true }),
      upgrade: { image: K3S_UPGRADE_IMAGE },
      version: pinnedK3sVersion(settings),
      ...planWindow(settings, opts),
    },
  });
}

/** The k3s Plans; a separate component so Flux applies them once the controller's CRD exists. */
export function k3sUpgradePlans(settings: ClusterSettings, opts: K3sPlanOptions = {}): Component {
  return {
    name: K3S_PLANS,
    namespace: SYSTEM_UPGRADE_NAMESPACE,
    objects: [serverPlan(settings, opts), agentPlan(settings, opts)],
  };
}
