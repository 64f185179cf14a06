import {
  ALERTMANAGER_API,
  type BuildContext,
  type ChartContainerResources,
  type ClusterSettings,
  type Component,
  type ContainerResources,
  type Contract,
  containerResources,
  helmComponent,
  type Integration,
  LOKI_PUSH,
  PROMETHEUS_RULE,
  resolveIntegration,
  SERVICE_MONITOR,
  type ServiceEndpoint,
  typesWhenEnabled,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import { containerdSocket } from "./container-runtime.js";
import { DEFAULT_DASHBOARDS_NAMESPACE } from "./monitoring.js";
import { type FalcoOptions, type FalcoPriority, KUBE_SYSTEM_NAMESPACE } from "./options.js";

/** One container engine of Falco's container plugin. */
export interface FalcoContainerEngine {
  readonly enabled?: boolean;
  readonly sockets?: readonly string[];
}

/** A Falcosidekick HTTP output (Alertmanager, Loki). */
export interface FalcosidekickHttpOutput {
  /** "http://host:port"; a non-empty value enables the output. */
  readonly hostport?: string;
  /** Path appended to hostport. */
  readonly endpoint?: string;
  readonly minimumpriority?: FalcoPriority | "";
  /** Comma-separated output fields turned into labels. */
  readonly extralabels?: string;
  readonly tenant?: string;
  readonly checkcert?: boolean;
}

/** Values of the falco chart 9.1.0 that this package sets (the chart has no values schema). */
export interface FalcoValues {
  readonly driver?: {
    readonly enabled?: boolean;
    readonly kind?: "auto" | "kmod" | "modern_ebpf";
    readonly modernEbpf?: { readonly leastPrivileged?: boolean };
  };
  readonly collectors?: {
    readonly enabled?: boolean;
    readonly containerEngine?: {
      readonly enabled?: boolean;
      readonly engines?: Readonly<Record<string, FalcoContainerEngine>>;
    };
    readonly kubernetes?: { readonly enabled?: boolean };
  };
  readonly resources?: ChartContainerResources;
  readonly tolerations?: readonly Readonly<Record<string, string>>[];
  /** Settings written into falco.yaml. */
  readonly falco?: {
    readonly time_format_iso_8601?: boolean;
    readonly priority?: FalcoPriority;
  };
  readonly falcoctl?: {
    readonly artifact?: {
      readonly install?: { readonly resources?: ContainerResources };
      readonly follow?: { readonly resources?: ContainerResources };
    };
  };
  readonly metrics?: { readonly enabled?: boolean };
  readonly serviceMonitor?: { readonly create?: boolean; readonly interval?: string };
  readonly grafana?: {
    readonly dashboards?: {
      readonly enabled?: boolean;
      readonly configMaps?: {
        readonly falco?: {
          readonly namespace?: string;
          readonly folder?: string;
          readonly folderAnnotation?: string;
        };
      };
    };
  };
  readonly falcosidekick?: {
    readonly enabled?: boolean;
    readonly replicaCount?: number;
    readonly resources?: ContainerResources;
    readonly config?: {
      readonly alertmanager?: FalcosidekickHttpOutput;
      readonly loki?: FalcosidekickHttpOutput;
    };
    readonly serviceMonitor?: { readonly enabled?: boolean };
    readonly prometheusRules?: { readonly enabled?: boolean };
    readonly webui?: { readonly enabled?: boolean };
  };
}

const PRIORITIES: readonly FalcoPriority[] = [
  "emergency",
  "alert",
  "critical",
  "error",
  "warning",
  "notice",
  "informational",
  "debug",
];

/** The least severe of the given priorities (Falco must load every rule some output wants). */
export function leastSevere(...priorities: readonly FalcoPriority[]): FalcoPriority {
  return priorities.reduce((a, b) => (PRIORITIES.indexOf(a) >= PRIORITIES.indexOf(b) ? a : b));
}

/** Splits an endpoint URL into Falcosidekick's "hostport" (scheme, host and explicit port) and path. */
export function splitEndpoint(url: string): { hostport: string; endpoint: string } {
  const u = new URL(url);
  const port = u.port || (u.protocol === "https:" ? "443" : "80");
  return { hostport: `${u.protocol}//${u.hostname}:${port}`, endpoint: u.pathname === "/" ? "" : u.pathname };
}

/** Where an output goes, and its integration as the status page shows it. */
interface Output {
  readonly url: string | undefined;
  readonly integration: Integration;
}

/**
 * A Falcosidekick output: the endpoint the option names, else the one the cluster provides for
 * `contract` ("auto"); `false` turns it off.
 */
function output(
  context: BuildContext,
  name: string,
  option: ServiceEndpoint | false | undefined,
  optionPath: string,
  contract: Contract<ServiceEndpoint>,
): Output {
  if (option === false)
    return {
      url: undefined,
      integration: { name, enabled: false, reason: `off: option ${optionPath} is false`, missing: [] },
    };
  if (option !== undefined)
    return {
      url: context.url(option),
      integration: {
        name,
        enabled: true,
        reason: `on: option ${optionPath} names ${option.namespace}/${option.service}`,
        missing: [],
      },
    };
  const [provided] = context.provided(contract);
  const integration = resolveIntegration(context, { name, needs: { contracts: [contract] }, optionPath });
  return { url: provided ? context.url(provided) : undefined, integration };
}

/**
 * Falco with the modern eBPF probe (CO-RE, no kernel headers or module builds; kernel >= 5.8), run with
 * capabilities instead of privileged, on every node. Falcosidekick forwards events to the
 * Alertmanager (v2 API) and the Loki the cluster provides (or the options name), each an integration.
 */
export function falco(
  settings: ClusterSettings,
  opts: FalcoOptions,
  monitoring: Integration,
  context: BuildContext,
  dashboardsNamespace = DEFAULT_DASHBOARDS_NAMESPACE,
): Component {
  const socket = containerdSocket(settings);
  const alertPriority = opts.alertmanagerMinimumPriority ?? "warning";
  const lokiPriority = opts.lokiMinimumPriority ?? "notice";
  const alerts = output(context, "alerts", opts.alertmanager, "falco.alertmanager", ALERTMANAGER_API);
  const logs = output(context, "logs", opts.loki, "falco.loki", LOKI_PUSH);
  const alertmanager = alerts.url === undefined ? undefined : splitEndpoint(alerts.url);
  const loki = logs.url === undefined ? undefined : splitEndpoint(logs.url);
  return helmComponent<FalcoValues>({
    name: "falco",
    namespace: KUBE_SYSTEM_NAMESPACE,
    // renovate: datasource=helm depName=falco registryUrl=https://falcosecurity.github.io/charts
    chart: { repository: "https://falcosecurity.github.io/charts", chart: "falco", version: "9.1.0" },
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR, PROMETHEUS_RULE),
    integrations: [monitoring, alerts.integration, logs.integration],
    values: {
      driver: { enabled: true, kind: "modern_ebpf", modernEbpf: { leastPrivileged: true } },
      collectors: {
        enabled: true,
        // Only the runtime the nodes have: a hostPath to a missing socket would be created as a directory.
        containerEngine: {
          enabled: true,
          engines: {
            docker: { enabled: false },
            podman: { enabled: false },
            containerd: { enabled: true, sockets: [socket] },
            cri: { enabled: true, sockets: [socket] },
          },
        },
        kubernetes: { enabled: false },
      },
      // The chart's default limits CPU at 1000m: a throttled sensor drops events under load.
      resources: withoutChartCpuLimit(containerResources("100m", "512Mi", "1Gi")),
      // A runtime sensor must watch every node, tainted or not.
      tolerations: [{ operator: "Exists" }],
      // JSON output: the chart turns it on itself when falcosidekick is enabled.
      falco: {
        time_format_iso_8601: true,
        priority: leastSevere(alertPriority, lokiPriority),
      },
      falcoctl: {
        artifact: {
          install: { resources: containerResources("10m", "32Mi", "128Mi") },
          follow: { resources: containerResources("10m", "32Mi", "128Mi") },
        },
      },
      metrics: { enabled: true },
      serviceMonitor: { create: monitoring.enabled, interval: "1m" },
      grafana: {
        dashboards: {
          enabled: monitoring.enabled,
          configMaps: {
            falco: { namespace: dashboardsNamespace, folder: "Falco", folderAnnotation: "grafana_folder" },
          },
        },
      },
      falcosidekick: {
        enabled: true,
        replicaCount: opts.sidekickReplicas ?? 2,
        resources: containerResources("10m", "32Mi", "128Mi"),
        config: {
          // Alertmanager removed the v1 API in 0.27; the sidekick default still posts to it.
          ...(alertmanager
            ? {
                alertmanager: {
                  hostport: alertmanager.hostport,
                  endpoint: `${alertmanager.endpoint}/api/v2/alerts`,
                  minimumpriority: alertPriority,
                },
              }
            : {}),
          ...(loki
            ? {
                loki: {
                  hostport: loki.hostport,
                  endpoint: loki.endpoint,
                  minimumpriority: lokiPriority,
                  extralabels: "k8s.ns.name",
                  ...(opts.lokiTenant ? { tenant: opts.lokiTenant } : {}),
                },
              }
            : {}),
        },
        serviceMonitor: { enabled: monitoring.enabled },
        prometheusRules: { enabled: monitoring.enabled },
        // Events are browsed in Grafana (Loki); the UI would need its own Redis Stack.
        webui: { enabled: false },
      },
    },
  });
}
