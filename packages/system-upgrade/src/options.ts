/** Options of the system-upgrade namespace package. */
export interface SystemUpgradeOptions {
  /** The system-upgrade-controller. @default {} */
  readonly controller?: ControllerOptions;
  /** The k3s upgrade Plans. @default {} */
  readonly plans?: K3sPlanOptions;
}

/** Options of the system-upgrade-controller Deployment. */
export interface ControllerOptions {
  /** Worker threads reconciling Plans, Jobs and Nodes. @default 2 */
  readonly threads?: number;
  /** Seconds an upgrade Job may run before Kubernetes stops it (a drain can take long). @default 900 */
  readonly jobActiveDeadlineSeconds?: number;
  /** Seconds a finished upgrade Job is kept for inspection. @default 900 */
  readonly jobTtlSecondsAfterFinish?: number;
  /** Debug logging. @default false */
  readonly debug?: boolean;
}

/** Day names a Plan window accepts. */
export type WindowDay = "monday" | "tuesday" | "wednesday" | "thursday" | "friday" | "saturday" | "sunday";

/** A maintenance window: upgrade Jobs only start inside it (one that started may run past its end). */
export interface UpgradeWindow {
  /** Days the window opens on. */
  readonly days: readonly WindowDay[];
  /** Opening time, "HH:MM" (24 h) in the cluster's time zone. */
  readonly startTime: string;
  /** Closing time, "HH:MM" (24 h) in the cluster's time zone. */
  readonly endTime: string;
}

/** How agents are emptied before their k3s is replaced. */
export interface AgentDrainOptions {
  /** Give up draining after this long (the Job then fails and is retried). @default "10m" */
  readonly timeout?: string;
  /** Also evict pods that no controller manages (they are lost). @default false */
  readonly force?: boolean;
  /**
   * Seconds to wait for a pod's deletion before moving on; stops one stuck pod (or a PDB that
   * never allows eviction) from blocking the upgrade.
   * @default 60
   */
  readonly skipWaitForDeleteTimeout?: number;
}

/** Options of the k3s upgrade Plans. */
export interface K3sPlanOptions {
  /** Agents upgraded at the same time (servers always go one at a time). @default 1 */
  readonly agentConcurrency?: number;
  /**
   * Drain agents before upgrading them instead of only cordoning. k3s restarts without stopping
   * running containers, so cordoning is enough; draining moves workloads away first.
   * @default undefined (cordon only)
   */
  readonly agentDrain?: AgentDrainOptions;
  /** Only start upgrades inside this window (time zone from settings.timeZone). @default undefined (any time) */
  readonly window?: UpgradeWindow;
}

/** Namespace of the system-upgrade package (the controller only watches Plans in its own namespace). */
export const SYSTEM_UPGRADE_NAMESPACE = "system-upgrade";
/** ServiceAccount of the controller, also the one the upgrade Jobs run as (they cordon and drain). */
export const SYSTEM_UPGRADE_SERVICE_ACCOUNT = "system-upgrade";
/** Resource type of the controller's custom resource. */
export const PLAN_CRD = "upgrade.cattle.io/Plan";
