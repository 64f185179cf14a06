import { type AssembledCluster, CORE_PACKAGE, type JsonValue, type PlacedObject } from "@helix-cluster/core";
import { type AutoscalingStatus, autoscalingStatus } from "./autoscaling-status.js";
import { type ChartInfo, chartsOf } from "./charts.js";
import { compareText } from "./compare-text.js";
import { SERVICES, type ServiceSpec } from "./services.js";

/** One component as it renders: where, from which package, which charts, what it waits for. */
export interface ComponentStatus {
  readonly name: string;
  readonly namespace: string;
  /** npm package that provides it ("" when it has no object of its own). */
  readonly packageName: string;
  readonly charts: readonly ChartInfo[];
  /** Objects in its folder (its Flux Kustomization excluded). */
  readonly objects: number;
  /** Flux Kustomizations it depends on, as rendered. */
  readonly dependsOn: readonly string[];
}

/** One service of the mission and the rendered components implementing it. */
export interface ServiceStatus {
  readonly spec: ServiceSpec;
  readonly components: readonly ComponentStatus[];
  readonly configured: boolean;
}

/** A chart check setting a component declares, with its reason (listed on the status page). */
export interface ChartCheckEntry {
  readonly component: string;
  /** The chartCheck option; "imagesSetAtAdmission" gives one entry per image. */
  readonly setting:
    | "exception"
    | "cpuLimits"
    | "skipSchemaValidation"
    | "crdsAtRuntime"
    | "imagesSetAtAdmission";
  readonly reason: string;
}

/** One integration of a component with other packages: on or off, and why. */
export interface IntegrationEntry {
  readonly component: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly reason: string;
}

/** Everything the status page shows about one cluster. */
export interface ClusterStatus {
  readonly cluster: string;
  /** Every component, sorted by namespace then name. */
  readonly components: readonly ComponentStatus[];
  readonly services: readonly ServiceStatus[];
  /** Components that implement none of the services. */
  readonly other: readonly ComponentStatus[];
  readonly objects: number;
  /** Every chart check exception and opt-in of the cluster's components, by component. */
  readonly chartCheck: readonly ChartCheckEntry[];
  /** What scales, on what, between which bounds. */
  readonly autoscaling: AutoscalingStatus;
  /** Every integration the components record (`Component.integrations`), by component and name. */
  readonly integrations: readonly IntegrationEntry[];
}

const KUSTOMIZATION = "kustomize.toolkit.fluxcd.io/Kustomization";

/** The Flux Kustomization core adds for each component (`<namespace>/<component>/ks.yaml`). */
function isComponentKustomization(o: PlacedObject): o is PlacedObject & { component: string } {
  return (
    o.packageName === CORE_PACKAGE &&
    o.component !== undefined &&
    o.type === KUSTOMIZATION &&
    o.fileName === `${o.component}/ks.yaml`
  );
}

function dependsOnOf(object: PlacedObject["object"]): string[] {
  const spec = object.spec;
  const deps = typeof spec === "object" && spec !== null && !Array.isArray(spec) ? spec.dependsOn : undefined;
  if (!Array.isArray(deps)) return [];
  return deps
    .map((d: JsonValue) => (typeof d === "object" && d !== null && !Array.isArray(d) ? d.name : undefined))
    .filter((n): n is string => typeof n === "string")
    .sort();
}

/**
 * The status of a cluster computed from its assembled objects (exactly what renders): its
 * components with charts and dependencies, each service of `services` with the components
 * implementing it, and the components outside the list.
 */
export function clusterStatus(
  assembled: AssembledCluster,
  services: readonly ServiceSpec[] = SERVICES,
): ClusterStatus {
  const components: ComponentStatus[] = [];
  for (const ks of assembled.objects.filter(isComponentKustomization)) {
    const own = assembled.objects.filter((o) => o.component === ks.component && !isComponentKustomization(o));
    const pkg =
      own.find((o) => o.packageName !== CORE_PACKAGE)?.packageName ??
      assembled.secrets.find((s) => s.component === ks.component)?.packageName ??
      "";
    components.push({
      name: ks.component,
      namespace: ks.folder,
      packageName: pkg,
      charts: chartsOf(own, assembled.objects),
      objects: own.length,
      dependsOn: dependsOnOf(ks.object),
    });
  }
  components.sort((a, b) => compareText(a.namespace, b.namespace) || compareText(a.name, b.name));
  const byName = new Map(components.map((c) => [c.name, c]));
  const claimed = new Set(services.flatMap((s) => s.components));
  const serviceStatus = services.map((spec) => {
    const implementing = spec.components.flatMap((n) => byName.get(n) ?? []);
    return { spec, components: implementing, configured: implementing.length > 0 };
  });
  return {
    cluster: assembled.name,
    components,
    services: serviceStatus,
    other: components.filter((c) => !claimed.has(c.name)),
    objects: assembled.objects.length,
    chartCheck: assembled.components
      .flatMap((c) => [
        ...(["exception", "cpuLimits", "skipSchemaValidation", "crdsAtRuntime"] as const).flatMap(
          (setting) => {
            const reason = c.chartCheck?.[setting];
            return reason ? [{ component: c.name, setting, reason }] : [];
          },
        ),
        ...Object.entries(c.chartCheck?.imagesSetAtAdmission ?? {}).map(([image, reason]) => ({
          component: c.name,
          setting: "imagesSetAtAdmission" as const,
          reason: `image "${image}": ${reason}`,
        })),
      ])
      .sort((a, b) => compareText(a.component, b.component) || compareText(a.setting, b.setting)),
    autoscaling: autoscalingStatus(assembled),
    integrations: assembled.components
      .flatMap((c) =>
        (c.integrations ?? []).map((i) => ({
          component: c.name,
          name: i.name,
          enabled: i.enabled,
          reason: i.reason,
        })),
      )
      .sort((a, b) => compareText(a.component, b.component) || compareText(a.name, b.name)),
  };
}
