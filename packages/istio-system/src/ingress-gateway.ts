import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  withoutChartCpuLimit,
} from "@helix-cluster/core";
import type { IstioGatewayValues } from "@helix-cluster/core/values";
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
export function ingressGateway(_settings: ClusterSettings, opts: IstioSystemOptions): Component {
  const gw = opts.gateway ?? {};
  const min = gw.minReplicas ?? 2;
  return helmComponent<IstioGatewayValues>({
    name: INGRESS_GATEWAY_RELEASE,
    namespace: INGRESS_NAMESPACE,
    chart: istioChart("gateway"),
    kustomization: { dependsOn: ["istiod"] },
    chartCheck: {
      imagesSetAtAdmission: {
        [INJECTED_PROXY_IMAGE]: `istiod's gateway injection sets the proxy image at pod creation; istiod is pinned to Istio ${ISTIO_VERSION} like this chart`,
      },
    },
    values: {
      autoscaling: {
        enabled: true,
        minReplicas: min,
        maxReplicas: Math.max(min, gw.maxReplicas ?? 6),
        targetCPUUtilizationPercentage: 80,
      },
      podDisruptionBudget: { minAvailable: 1 },
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
