import {
  ALERTMANAGER_API,
  type BuildContext,
  type Contract,
  enabledOptions,
  LOKI_PUSH,
  LOKI_QUERY,
  MIMIR_QUERY,
  MIMIR_REMOTE_WRITE,
  OTLP_GRPC,
  OTLP_HTTP,
  PROMETHEUS_API,
  PYROSCOPE,
  type ServiceEndpoint,
  serviceEndpoint,
  TEMPO_QUERY,
} from "@helix-cluster/core";
import { RELEASE } from "./names.js";
import { type MonitoringOptions, NAMESPACE } from "./options.js";

const http = (service: string, port: number, path?: string) => ({
  namespace: NAMESPACE,
  service,
  port,
  scheme: "http",
  ...(path === undefined ? {} : { path }),
});

/**
 * The endpoints this package provides, as typed handles: a cluster may wire them by hand, other
 * packages find them with `context.provided(CONTRACT)`. Service names are the charts' (pinned with
 * fullnameOverride) or the Services `kube-prometheus-stack` renders.
 */
export const monitoringHandles = {
  prometheusApi: serviceEndpoint(PROMETHEUS_API, http("prometheus", 9090)),
  alertmanagerApi: serviceEndpoint(ALERTMANAGER_API, http("alertmanager", 9093)),
  lokiPush: serviceEndpoint(LOKI_PUSH, http(`${RELEASE.loki}-gateway`, 80, "/loki/api/v1/push")),
  lokiQuery: serviceEndpoint(LOKI_QUERY, http(`${RELEASE.loki}-gateway`, 80)),
  mimirRemoteWrite: serviceEndpoint(MIMIR_REMOTE_WRITE, http(`${RELEASE.mimir}-gateway`, 80, "/api/v1/push")),
  mimirQuery: serviceEndpoint(MIMIR_QUERY, http(`${RELEASE.mimir}-gateway`, 80, "/prometheus")),
  tempoQuery: serviceEndpoint(TEMPO_QUERY, http(`${RELEASE.tempo}-query-frontend`, 3200)),
  pyroscope: serviceEndpoint(PYROSCOPE, http(RELEASE.pyroscope, 4040)),
  otlpGrpc: serviceEndpoint(OTLP_GRPC, http(RELEASE.alloyOtlp, 4317)),
  otlpHttp: serviceEndpoint(OTLP_HTTP, http(RELEASE.alloyOtlp, 4318)),
} as const;

/**
 * The endpoint of a contract a consumer in this package talks to: this package's own when the
 * service is on here, else one another component of the cluster provides (undefined: none).
 */
export function endpointOf(
  context: BuildContext,
  contract: Contract<ServiceEndpoint>,
  own: ServiceEndpoint | undefined,
): ServiceEndpoint | undefined {
  return own ?? context.provided(contract)[0];
}

/** The endpoints Grafana and Alloy send to or read from; each optional one absent when nothing provides it. */
export interface MonitoringTargets {
  readonly prometheus: ServiceEndpoint;
  readonly alertmanager: ServiceEndpoint;
  readonly mimirRemoteWrite: ServiceEndpoint;
  readonly mimirQuery: ServiceEndpoint;
  readonly lokiPush?: ServiceEndpoint;
  readonly lokiQuery?: ServiceEndpoint;
  readonly tempoQuery?: ServiceEndpoint;
  readonly pyroscope?: ServiceEndpoint;
}

/** The targets of this package's consumers, from the options (which services run here) and the build context. */
export function monitoringTargets(opts: MonitoringOptions, context: BuildContext): MonitoringTargets {
  const h = monitoringHandles;
  const loki = enabledOptions(opts.loki) !== undefined;
  const tempo = enabledOptions(opts.tempo) !== undefined;
  const pyroscope = enabledOptions(opts.pyroscope) !== undefined;
  const lokiPush = endpointOf(context, LOKI_PUSH, loki ? h.lokiPush : undefined);
  const lokiQuery = endpointOf(context, LOKI_QUERY, loki ? h.lokiQuery : undefined);
  const tempoQuery = endpointOf(context, TEMPO_QUERY, tempo ? h.tempoQuery : undefined);
  const profiles = endpointOf(context, PYROSCOPE, pyroscope ? h.pyroscope : undefined);
  return {
    prometheus: h.prometheusApi,
    alertmanager: h.alertmanagerApi,
    mimirRemoteWrite: h.mimirRemoteWrite,
    mimirQuery: h.mimirQuery,
    ...(lokiPush ? { lokiPush } : {}),
    ...(lokiQuery ? { lokiQuery } : {}),
    ...(tempoQuery ? { tempoQuery } : {}),
    ...(profiles ? { pyroscope: profiles } : {}),
  };
}
