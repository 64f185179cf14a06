import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  chartPodAutoscaling,
  containerResources,
  helmRelease,
  ingressClass,
  type ResolvedPodAutoscaling,
  type ResourceType,
  resolvePodAutoscaling,
  SERVICE_MONITOR,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { type NginxIngressValues, nginxIngressValuesSchema } from "./generated/values/nginx-ingress-2.6.4.js";
import { firstHost, inPool } from "./ip.js";
import { monitoringIntegration } from "./monitoring.js";
import { NETWORK_NAMESPACE, type NetworkOptions, spreadOverNodes } from "./options.js";

/** Resource types whose CRDs the nginx-ingress chart ships in its crds/ folder. */
export const NGINX_INGRESS_CRDS: readonly ResourceType[] = [
  "externaldns.nginx.org/DNSEndpoint",
  "k8s.nginx.org/GlobalConfiguration",
  "k8s.nginx.org/Policy",
  "k8s.nginx.org/TransportServer",
  "k8s.nginx.org/VirtualServer",
  "k8s.nginx.org/VirtualServerRoute",
];

/**
 * CRDs of NGINX App Protect (WAF and DoS, NGINX Plus only) that the chart's crds/ folder installs
 * too: the releases use none of them, but the installing release declares them.
 */
export const NGINX_APP_PROTECT_CRDS: readonly ResourceType[] = [
  "appprotect.f5.com/APLogConf",
  "appprotect.f5.com/APPolicy",
  "appprotect.f5.com/APUserSig",
  "appprotectdos.f5.com/APDosLogConf",
  "appprotectdos.f5.com/APDosPolicy",
  "appprotectdos.f5.com/DosProtectedResource",
];

/** HelmRelease (and component) name of the public controller. */
export const EXTERNAL_RELEASE = "nginx-ingress-external";
/** HelmRelease (and component) name of the in-house controller. */
export const INTERNAL_RELEASE = "nginx-ingress-internal";

/** Name of the controller Service the chart creates for a release ("<release>-controller"). */
export function controllerServiceName(release: string): string {
  return `${release}-controller`;
}

/** In-cluster HTTPS URL of the external controller's Service (in the cluster's DNS domain): where the tunnel sends traffic. */
export function externalControllerUrl(clusterDomain: string): string {
  return `https://${controllerServiceName(EXTERNAL_RELEASE)}.${NETWORK_NAMESPACE}.svc.${clusterDomain}:443`;
}

/** Hostname the external controller reports as its address (target of the public CNAMEs). */
export function externalHostname(settings: ClusterSettings, opts: NetworkOptions): string {
  return opts.ingress?.externalHostname ?? `external.${settings.domain}`;
}

/** The internal controller's LoadBalancer address: explicit, else the pool's first host; checked against the pool. */
export function internalLoadBalancerIp(settings: ClusterSettings, opts: NetworkOptions): string | undefined {
  const pool = settings.loadBalancerPool ?? [];
  const explicit = opts.ingress?.internalLoadBalancerIp;
  if (explicit === undefined) return pool[0] === undefined ? undefined : firstHost(pool[0]);
  if (pool.length > 0 && !inPool(explicit, pool)) {
    throw new Error(
      `network: ingress.internalLoadBalancerIp ${explicit} is outside settings.loadBalancerPool (${pool.join(", ")}); Cilium LB IPAM would never assign it`,
    );
  }
  return explicit;
}

// renovate: datasource=docker depName=ghcr.io/nginx/charts/nginx-ingress
const CHART = { oci: "oci://ghcr.io/nginx/charts/nginx-ingress", version: "2.6.4" } as const;

/** The chart's HPA of the controller Deployment (the chart's values schema leaves this block open). */
interface ControllerAutoscalingValues {
  readonly enabled: boolean;
  readonly create?: boolean;
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly targetCPUUtilizationPercentage?: number | null;
  /** null drops the chart's default memory target (memory stays up after load falls). */
  readonly targetMemoryUtilizationPercentage?: number | null;
}

/** The chart's autoscaling block for resolved bounds, or off. */
function controllerAutoscaling(scaling: ResolvedPodAutoscaling | undefined): ControllerAutoscalingValues {
  if (!scaling) return { enabled: false };
  return {
    enabled: true,
    create: true,
    minReplicas: scaling.bounds.min,
    maxReplicas: scaling.bounds.max,
    targetCPUUtilizationPercentage: scaling.utilization.cpu ?? null,
    targetMemoryUtilizationPercentage: scaling.utilization.memory ?? null,
  };
}

interface ControllerSpec {
  readonly release: string;
  readonly className: string;
  readonly service: NonNullable<NonNullable<NginxIngressValues["controller"]>["service"]>;
  readonly configEntries: Record<string, string>;
  readonly installsCrds: boolean;
  /** Bundled k3s add-ons this release replaces. */
  readonly k3sDisable: readonly string[];
}

function controllerComponent(
  settings: ClusterSettings,
  opts: NetworkOptions,
  context: BuildContext,
  spec: ControllerSpec,
): Component {
  const scaling = resolvePodAutoscaling(settings, opts.ingress?.replicas ?? 2, opts.ingress?.autoscaling, {
    maxReplicas: 6,
  });
  const replicas = scaling?.bounds.min ?? opts.ingress?.replicas ?? 2;
  const monitoring = monitoringIntegration(context, opts);
  const serviceMonitors = monitoring.enabled;
  const wildcard = opts.ingress?.wildcardTlsSecret;
  // Both releases run the same chart: their metrics Services need distinct labels, or each
  // ServiceMonitor would scrape both controllers.
  const metricsLabels = { service: `${spec.release}-prometheus` };
  const values: NginxIngressValues = {
    controller: {
      kind: "deployment",
      // With the HPA on, the chart leaves the replica count to it and never reads `replicaCount`.
      ...(scaling ? {} : { replicaCount: replicas }),
      autoscaling: controllerAutoscaling(scaling),
      ingressClass: { name: spec.className, create: true, setAsDefaultIngress: false },
      enableCustomResources: true,
      // Snippets would let any Ingress author inject raw NGINX config into a shared proxy.
      enableSnippets: false,
      enableTLSPassthrough: false,
      logFormat: "json",
      resources: containerResources("100m", "128Mi", "512Mi"),
      podDisruptionBudget: replicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
      topologySpreadConstraints: spreadOverNodes({
        "app.kubernetes.io/name": "nginx-ingress",
        "app.kubernetes.io/instance": spec.release,
      }),
      config: { entries: { "server-tokens": "False", http2: "True", ...spec.configEntries } },
      reportIngressStatus: { enable: true, enableLeaderElection: true },
      // No usage reports to F5 from a production cluster.
      telemetryReporting: { enable: false },
      service: spec.service,
      ...(wildcard ? { wildcardTLS: { secret: wildcard } } : {}),
    },
    prometheus: {
      create: true,
      port: 9113,
      scheme: "http",
      service: { create: serviceMonitors, labels: metricsLabels },
      serviceMonitor: {
        create: serviceMonitors,
        labels: {},
        selectorMatchLabels: metricsLabels,
        endpoints: [{ port: "prometheus" }],
      },
    },
  };
  const [source, release] = helmRelease({
    name: spec.release,
    namespace: NETWORK_NAMESPACE,
    chart: CHART,
    valuesSchema: nginxIngressValuesSchema,
    values,
  });
  if (!spec.installsCrds && release.spec) {
    // Helm installs a chart's crds/ folder unconditionally; only one release may own the CRDs,
    // so Flux skips them for this one.
    release.spec.install = { ...release.spec.install, crds: "Skip" };
    release.spec.upgrade = { ...release.spec.upgrade, crds: "Skip" };
  }
  return {
    name: spec.release,
    namespace: NETWORK_NAMESPACE,
    objects: [source, release],
    installsCrds: spec.installsCrds ? [...NGINX_INGRESS_CRDS, ...NGINX_APP_PROTECT_CRDS] : [],
    // The other release watches the same CRDs at runtime: declaring them makes Flux apply it
    // only once the installing release is ready.
    usesCrds: [
      ...(spec.installsCrds ? [] : NGINX_INGRESS_CRDS),
      ...typesWhenEnabled(monitoring, SERVICE_MONITOR),
    ],
    integrations: [monitoring],
    k3s: { disable: spec.k3sDisable },
    // The chart creates the IngressClass: Ingresses and charts naming it resolve to this release.
    provides: [ingressClass(spec.className)],
    chartCheck: {
      skipSchemaValidation:
        "the chart's values.schema.json $refs Kubernetes definitions by internet URL, which an offline Helm cannot load; NginxIngressValues and its validator still check the values",
    },
    ...(scaling
      ? {
          autoscaling: {
            pods: [
              chartPodAutoscaling(
                `Deployment/${controllerServiceName(spec.release)}`,
                scaling.bounds,
                scaling.utilization,
              ),
            ],
          },
        }
      : {}),
  };
}

/**
 * The public controller (class "external"): a ClusterIP Service reached only by the Cloudflare
 * tunnel. It reports `external.<domain>` as its address, so External DNS points every public host
 * there. It owns the k8s.nginx.org CRDs: it has no LoadBalancer to wait for, so it is the release
 * that comes up first.
 */
export function nginxIngressExternal(
  settings: ClusterSettings,
  opts: NetworkOptions,
  context: BuildContext,
): Component {
  return controllerComponent(settings, opts, context, {
    release: EXTERNAL_RELEASE,
    className: opts.ingress?.externalClass ?? "external",
    service: { create: true, type: "ClusterIP" },
    configEntries: { "external-status-address": externalHostname(settings, opts) },
    installsCrds: true,
    // NGINX replaces the bundled Traefik.
    k3sDisable: ["traefik"],
  });
}

/**
 * Annotations that keep the internal controller's LoadBalancer inside the network: on EKS an
 * internal load balancer in the private subnets (the cloud provider and the AWS Load Balancer
 * Controller both default to internet-facing); on k3s the pinned address Cilium LB IPAM takes from
 * the cluster's pool.
 */
export function internalLoadBalancerAnnotations(
  settings: ClusterSettings,
  opts: NetworkOptions,
): Record<string, string> | undefined {
  if (settings.distribution === "eks") {
    if (opts.ingress?.internalLoadBalancerIp !== undefined) {
      throw new Error(
        "network: ingress.internalLoadBalancerIp pins an address from Cilium LB IPAM on k3s; on EKS AWS assigns the internal load balancer's addresses, so leave it unset",
      );
    }
    return {
      // Read by the in-tree/cloud-controller AWS provider…
      "service.beta.kubernetes.io/aws-load-balancer-internal": "true",
      // …and by the AWS Load Balancer Controller, should it take over the Service.
      "service.beta.kubernetes.io/aws-load-balancer-scheme": "internal",
    };
  }
  const ip = internalLoadBalancerIp(settings, opts);
  return ip ? { "lbipam.cilium.io/ips": ip } : undefined;
}

/**
 * The in-house controller (class "internal"): a LoadBalancer Service reachable only from inside the
 * network, on k3s at an address Cilium LB IPAM takes from the cluster's pool, pinned so that
 * internal DNS records stay valid.
 */
export function nginxIngressInternal(
  settings: ClusterSettings,
  opts: NetworkOptions,
  context: BuildContext,
): Component {
  const annotations = internalLoadBalancerAnnotations(settings, opts);
  return controllerComponent(settings, opts, context, {
    release: INTERNAL_RELEASE,
    className: opts.ingress?.internalClass ?? "internal",
    service: {
      create: true,
      type: "LoadBalancer",
      // Cluster: any node may answer the L2 announcement; Local would blackhole traffic on nodes
      // without a controller pod.
      externalTrafficPolicy: "Cluster",
      ...(annotations ? { annotations } : {}),
    },
    configEntries: {},
    installsCrds: false,
    // ServiceLB (klipper-lb) would answer for this LoadBalancer too; Cilium LB IPAM must own it.
    k3sDisable: ["traefik", "servicelb"],
  });
}
