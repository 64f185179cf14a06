import type { BuildContext, Component, Integration } from "@helix-cluster/core";
import * as chaosMeshModels from "@helix-cluster/core/models/chaos-mesh";
import { type ChaosMeshOptions, KUBE_SYSTEM_NAMESPACE } from "./options.js";

const { Schedule } = chaosMeshModels.chaosMeshOrg.v1alpha1;
type Schedule = InstanceType<typeof Schedule>;

/** Namespaces no experiment may ever target, whatever the options say. */
export const FORBIDDEN_CHAOS_NAMESPACES: readonly string[] = ["production"];

/** Default namespaces experiments may target: none, a cluster names its own. */
export const DEFAULT_CHAOS_NAMESPACES: readonly string[] = [];

/** Label that opts a pod in to the scheduled pod-kill experiment. */
export const CHAOS_TARGET_LABEL = "helix-cluster/chaos-target";

/** The namespaces experiments may target; throws if the list names a forbidden one. */
export function allowedChaosNamespaces(opts: ChaosMeshOptions): readonly string[] {
  const allowed = opts.allowedNamespaces ?? DEFAULT_CHAOS_NAMESPACES;
  const forbidden = allowed.filter((ns) => FORBIDDEN_CHAOS_NAMESPACES.includes(ns));
  if (forbidden.length > 0) {
    throw new Error(`chaos-mesh: namespace ${forbidden.join(", ")} can never be a chaos target`);
  }
  return allowed;
}

/** The allowed namespaces the cluster has, in the options' order: what Chaos Mesh targets. */
export function chaosTargets(opts: ChaosMeshOptions, context: BuildContext): readonly string[] {
  return allowedChaosNamespaces(opts).filter((ns) => context.hasNamespace(ns));
}

/** The chaos-targets integration: on when some allowed namespace is in the cluster (status page). */
export function chaosTargetsIntegration(opts: ChaosMeshOptions, context: BuildContext): Integration {
  const allowed = allowedChaosNamespaces(opts);
  const targets = chaosTargets(opts, context);
  const absent = allowed.filter((ns) => !targets.includes(ns));
  const reason =
    allowed.length === 0
      ? "off: option chaosMesh.allowedNamespaces names none"
      : targets.length === 0
        ? `auto: off, no namespace of chaosMesh.allowedNamespaces (${allowed.join(", ")}) is in the cluster`
        : `auto: targets ${targets.join(", ")}${absent.length > 0 ? ` (not in the cluster: ${absent.join(", ")})` : ""}`;
  return { name: "chaos-targets", enabled: targets.length > 0, reason, missing: [] };
}

/** Throws unless `namespace` is one experiments may target. */
export function assertChaosTarget(namespace: string, allowed: readonly string[]): void {
  if (FORBIDDEN_CHAOS_NAMESPACES.includes(namespace) || !allowed.includes(namespace)) {
    throw new Error(
      `chaos-mesh: refusing an experiment in namespace "${namespace}"; allowed: ${allowed.join(", ")}`,
    );
  }
}

/** A scheduled pod-kill experiment. */
export interface PodKillExperiment {
  /** Name of the Schedule. */
  readonly name: string;
  /** Namespace the Schedule lives in and whose pods it kills. */
  readonly namespace: string;
  /** Cron expression, in the chaos controller's time zone. */
  readonly schedule: string;
  /** Labels a pod needs to be a candidate. */
  readonly selector: Readonly<Record<string, string>>;
}

/**
 * A Schedule that kills one matching pod, immediately (grace period 0, like a crash), never two runs
 * at once. Throws when the namespace is not allowed: the selector is bound to the Schedule's own
 * namespace, so an allowed Schedule cannot reach another one.
 */
export function podKillSchedule(experiment: PodKillExperiment, allowed: readonly string[]): Schedule {
  assertChaosTarget(experiment.namespace, allowed);
  return new Schedule({
    metadata: { name: experiment.name, namespace: experiment.namespace },
    spec: {
      schedule: experiment.schedule,
      type: "PodChaos",
      concurrencyPolicy: "Forbid",
      historyLimit: 5,
      startingDeadlineSeconds: 300,
      podChaos: {
        action: "pod-kill",
        mode: "one",
        gracePeriod: 0,
        selector: { namespaces: [experiment.namespace], labelSelectors: { ...experiment.selector } },
      },
    },
  });
}

/**
 * The scheduled experiments: one weekly pod-kill, during working hours, in the first targeted
 * namespace (see chaosTargets; the caller renders none without one).
 */
export function chaosExperiments(opts: ChaosMeshOptions, context: BuildContext): Component {
  const allowed = chaosTargets(opts, context);
  const namespace = allowed[0];
  if (namespace === undefined)
    throw new Error(
      "chaos-mesh: no namespace of chaosMesh.allowedNamespaces is in the cluster to schedule experiments in",
    );
  return {
    name: "chaos-experiments",
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [
      podKillSchedule(
        {
          name: "weekly-pod-kill",
          namespace,
          schedule: opts.podKillSchedule ?? "0 10 * * 2",
          selector: opts.podKillSelector ?? { [CHAOS_TARGET_LABEL]: "true" },
        },
        allowed,
      ),
    ],
  };
}
