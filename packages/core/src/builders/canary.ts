// Only the flagger models: the full generated index would load every CRD schema of the platform.
import * as flagger from "../generated/models/flagger/index.js";

type CanarySpec = NonNullable<flagger.flaggerApp.v1beta1.ICanary["spec"]>;
type CanaryAnalysis = CanarySpec["analysis"];
/** A Flagger webhook (pre-rollout checks, load tests, manual gates…). */
export type CanaryWebhook = NonNullable<CanaryAnalysis["webhooks"]>[number];
/** A Flagger analysis metric (built-in, or a MetricTemplate reference). */
export type CanaryMetric = NonNullable<CanaryAnalysis["metrics"]>[number];

/** The Istio gateway name that stands for in-mesh traffic (east-west) in a VirtualService. */
export const MESH_GATEWAY = "mesh";

/** Options of a progressive-delivery Canary for one Deployment behind the Istio mesh. */
export interface CanaryOptions {
  /** Name of the Canary and of the Deployment it promotes. */
  readonly name: string;
  /** Namespace of the Deployment (an app environment such as "production"). */
  readonly namespace: string;
  /** Port the generated Services expose. */
  readonly port: number;
  /** Container port (number or name) behind `port`. @default port */
  readonly targetPort?: number | string;
  /** Name of the Service port; Istio reads the protocol from it. @default "http" */
  readonly portName?: string;
  /** Hostnames routed to the app (external ones need a gateway in `gateways`). @default [] */
  readonly hosts?: readonly string[];
  /** Istio gateways ("<namespace>/<name>"); keep "mesh" for in-cluster callers. @default ["mesh"] */
  readonly gateways?: readonly string[];
  /** HorizontalPodAutoscaler (autoscaling/v2) of the Deployment, if it has one. */
  readonly autoscaler?: string;
  /** Analysis schedule. @default "1m" */
  readonly interval?: string;
  /** Failed checks before the rollout is rolled back. @default 5 */
  readonly threshold?: number;
  /** Highest share of traffic (percent) the canary gets before promotion. @default 50 */
  readonly maxWeight?: number;
  /** Traffic increment (percent) per successful analysis step. @default 10 */
  readonly stepWeight?: number;
  /** Lowest request success rate (percent, non-5xx) the canary may show. @default 99 */
  readonly minSuccessRate?: number;
  /** Highest P99 request duration (milliseconds) the canary may show. @default 500 */
  readonly maxRequestDurationMs?: number;
  /** Metrics checked in addition to success rate and duration. @default [] */
  readonly metrics?: readonly CanaryMetric[];
  /** Webhooks run during the analysis (acceptance tests, load tests, manual gates). @default [] */
  readonly webhooks?: readonly CanaryWebhook[];
  /** Flagger AlertProvider notified of the rollout, "<name>" or "<namespace>/<name>". @default none */
  readonly alertProvider?: string;
  /** Seconds Flagger waits for the Deployment to make progress before it rolls back. @default 600 */
  readonly progressDeadlineSeconds?: number;
}

/**
 * A Flagger Canary (Istio provider) for a Deployment: traffic shifted step by step while the
 * request success rate and P99 latency measured by the mesh stay within bounds, rolled back
 * otherwise. Mutual TLS is required towards the app, matching the mesh-wide STRICT policy.
 */
export function canary(opts: CanaryOptions): flagger.flaggerApp.v1beta1.Canary {
  const interval = opts.interval ?? "1m";
  const metrics: CanaryMetric[] = [
    {
      name: "request-success-rate",
      interval,
      thresholdRange: { min: opts.minSuccessRate ?? 99 },
    },
    {
      name: "request-duration",
      interval,
      thresholdRange: { max: opts.maxRequestDurationMs ?? 500 },
    },
    ...(opts.metrics ?? []).map((m) => ({ ...m })),
  ];
  const alerts = opts.alertProvider ? [alertRef(opts.alertProvider)] : [];
  const webhooks = (opts.webhooks ?? []).map((w) => ({ ...w }));
  return new flagger.flaggerApp.v1beta1.Canary({
    metadata: { name: opts.name, namespace: opts.namespace },
    spec: {
      provider: "istio",
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: opts.name },
      ...(opts.autoscaler
        ? {
            autoscalerRef: {
              apiVersion: "autoscaling/v2",
              kind: "HorizontalPodAutoscaler" as const,
              name: opts.autoscaler,
            },
          }
        : {}),
      progressDeadlineSeconds: opts.progressDeadlineSeconds ?? 600,
      // Deleting the Canary from git hands the Deployment back as it was, instead of scaling it to 0.
      revertOnDeletion: true,
      service: {
        port: opts.port,
        targetPort: opts.targetPort ?? opts.port,
        portName: opts.portName ?? "http",
        gateways: [...(opts.gateways ?? [MESH_GATEWAY])],
        ...(opts.hosts && opts.hosts.length > 0 ? { hosts: [...opts.hosts] } : {}),
        trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
      },
      analysis: {
        interval,
        threshold: opts.threshold ?? 5,
        maxWeight: opts.maxWeight ?? 50,
        stepWeight: opts.stepWeight ?? 10,
        metrics,
        ...(webhooks.length > 0 ? { webhooks } : {}),
        ...(alerts.length > 0 ? { alerts } : {}),
      },
    },
  });
}

function alertRef(provider: string): NonNullable<CanaryAnalysis["alerts"]>[number] {
  const [first, second] = provider.split("/");
  const providerRef = second === undefined ? { name: provider } : { name: second, namespace: first ?? "" };
  return { name: providerRef.name, severity: "info", providerRef };
}
