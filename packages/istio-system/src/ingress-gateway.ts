import {
  type ClusterSettings,
  type Component,
  chartPodAutoscaling,
  containerResources,
  helmComponent,
  replicaBounds,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import { istioGatewayValuesSchema } from "./generated/values/istio-gateway-1.30.3.js";
import { INGRESS_GATEWAY_RELEASE, INGRESS_NAMESPACE, type IstioSystemOptions } from "./options.js";
import { ISTIO_VERSION, istioChart } from "./version.js";

/** Pod labels the gateway chart derives from the release name (`istio` drops the "istio-" prefix). */
export const INGRESS_GATEWAY_SELECTOR: Readonly<Record<string, string>> = {
  istio: INGRESS_GATEWAY_RELEASE.replace(/^istio-/, ""),
};

/**
 * The image the gateway chart writes into its Deployment: istiod's gateway injection replaces it
 * with the proxy image when the pod is created.
 */
export const INJECTED_PROXY_IMAGE = "auto";

/**
 * The ingress gateway (Envoy) in its own namespace: a LoadBalancer Service from the cluster's pool,
 * autoscaled from two replicas spread over nodes, with a PodDisruptionBudget. It is injected by
 * istiod at pod creation, so it waits for istiod. The replica count is the autoscaler's: the chart
 * writes `replicas` only when autoscaling is off.
 */
export function ingressGateway(settings: ClusterSettings, opts: IstioSystemOptions): Component {
  const gw = opts.gateway ?? {};
  const preferredMin = gw.minReplicas ?? 2;
  // A standby starts from one replica; the cluster's size bounds the most.
  const bounds = replicaBounds(settings, {
    min: preferredMin,
    max: Math.max(preferredMin, gw.maxReplicas ?? 6),
  });
  return helmComponent({
    name: INGRESS_GATEWAY_RELEASE,
    namespace: INGRESS_NAMESPACE,
    chart: istioChart("gateway"),
    valuesSchema: istioGatewayValuesSchema,
    kustomization: { dependsOn: ["istiod"] },
    autoscaling: {
      pods: [
        chartPodAutoscaling(`Deployment/${INGRESS_GATEWAY_RELEASE}`, bounds, { cpu: 80 }, INGRESS_NAMESPACE),
      ],
    },
    chartCheck: {
      imagesSetAtAdmission: {
        [INJECTED_PROXY_IMAGE]: `istiod's gateway injection sets the proxy image at pod creation; istiod is pinned to Istio ${ISTIO_VERSION} like this chart`,
      },
    },
    values: {
      autoscaling: {
        enabled: true,
        minReplicas: bounds.min,
        maxReplicas: bounds.max,
        targetCPUUtilizationPercentage: 80,
      },
      // One gateway may go at a time: with two or more one stays up, and a single one never blocks a drain.
      podDisruptionBudget: { maxUnavailable: 1 },
      // The chart's default limits CPU at 2000m: a throttled gateway adds latency to every request.
      resources: withoutChartCpuLimit(containerResources("100m", "128Mi", "1Gi")),
      topologySpreadConstraints: [
        {
          maxSkew: 1,
          topologyKey: "kubernetes.io/hostname",
          whenUnsatisfiable: "ScheduleAnyway",
          labelSelector: { matchLabels: INGRESS_GATEWAY_SELECTOR },
        },
      ],
      service: {
        type: "LoadBalancer",
        ...(gw.loadBalancerIP ? { annotations: { "lbipam.cilium.io/ips": gw.loadBalancerIP } } : {}),
      },
    },
  });
}
