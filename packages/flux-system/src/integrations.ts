import {
  type BuildContext,
  CLUSTER_ISSUER_TYPE,
  clusterIssuer,
  type Integration,
  ingressClass,
  monitoringIntegration,
  POD_MONITOR,
  PROMETHEUS_API,
  resolveIntegration,
  SERVICE_MONITOR,
} from "@helix-cluster/core";
import type { FluxSystemOptions } from "./options.js";

/** cert-manager's ClusterIssuer type (core's constant, re-exported for this package's users). */
export { CLUSTER_ISSUER_TYPE };

/** The ServiceMonitors and PodMonitors of the charts: on when the cluster has the Prometheus Operator's CRDs. */
export function monitorsIntegration(opts: FluxSystemOptions, context: BuildContext): Integration {
  return monitoringIntegration(context, {
    option: opts.serviceMonitors,
    optionPath: "serviceMonitors",
    types: [SERVICE_MONITOR, POD_MONITOR],
  });
}

/** The ingress class of the webhook's Ingress. */
export const receiverIngressClass = (opts: FluxSystemOptions): string =>
  opts.receiver?.ingressClass ?? "external";
/** The ClusterIssuer that signs the webhook host's certificate. */
export const receiverClusterIssuer = (opts: FluxSystemOptions): string =>
  opts.receiver?.clusterIssuer ?? "letsencrypt-production";

/** The webhook receiver's Ingress: on when some component provides its ingress class. */
export function receiverIngressIntegration(opts: FluxSystemOptions, context: BuildContext): Integration {
  return resolveIntegration(context, {
    name: "ingress",
    option: opts.receiver?.expose,
    optionPath: "receiver.expose",
    needs: { handles: [ingressClass(receiverIngressClass(opts))] },
    addHint: "@helix-cluster/network",
  });
}

/** TLS of the webhook Ingress: on when the cluster installs cert-manager and provides the ClusterIssuer it names. */
export function receiverCertificatesIntegration(opts: FluxSystemOptions, context: BuildContext): Integration {
  return resolveIntegration(context, {
    name: "certificates",
    option: opts.receiver?.certificates,
    optionPath: "receiver.certificates",
    needs: { types: [CLUSTER_ISSUER_TYPE], handles: [clusterIssuer(receiverClusterIssuer(opts))] },
    addHint: "@helix-cluster/cert-manager",
  });
}

/** Flagger and the Prometheus it reads, resolved from the options and the build context. */
export interface FlaggerPlan {
  /** On the status page: whether Flagger is deployed, and why. */
  readonly integration: Integration;
  /** The Prometheus URL (undefined when Flagger is asked for without one: `integration.missing` says so). */
  readonly metricsServer?: string;
}

/**
 * Flagger: `false` off; an object on (a missing Prometheus is then a problem); absent on exactly
 * when the cluster provides the Prometheus API or `flagger.metricsServer` names one.
 */
export function flaggerPlan(opts: FluxSystemOptions, context: BuildContext): FlaggerPlan {
  const name = "flagger";
  if (opts.flagger === false)
    return { integration: { name, enabled: false, reason: "off: option flagger is false", missing: [] } };
  const [prometheus] = context.provided(PROMETHEUS_API);
  const metricsServer = opts.flagger?.metricsServer ?? (prometheus ? context.url(prometheus) : undefined);
  const source = opts.flagger?.metricsServer
    ? "option flagger.metricsServer"
    : "the Prometheus API the cluster provides";
  if (metricsServer) {
    return {
      integration: {
        name,
        enabled: true,
        reason: `${opts.flagger ? "on" : "auto"}: metrics from ${source}`,
        missing: [],
      },
      metricsServer,
    };
  }
  if (opts.flagger === undefined)
    return {
      integration: {
        name,
        enabled: false,
        reason: `auto: off, no component provides ${PROMETHEUS_API.id}`,
        missing: [],
      },
    };
  return {
    integration: {
      name,
      enabled: true,
      reason: "on: option flagger is set",
      missing: [
        `flagger needs the Prometheus API: add @helix-cluster/monitoring, set flagger.metricsServer, or set flagger: false`,
      ],
    },
  };
}
