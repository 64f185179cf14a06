import type { IntegrationOption, ServiceToggle } from "@helix-cluster/core";

/** Options of the istio-system package (namespaces istio-system and istio-ingress). */
export interface IstioSystemOptions {
  /** The istiod control plane. */
  readonly istiod?: IstiodOptions;
  /**
   * The Istio CNI node agent: it sets up pod traffic redirection instead of a privileged istio-init
   * container in every pod (which needs NET_ADMIN/NET_RAW, forbidden by the baseline and restricted
   * Pod Security levels of app namespaces). `false` leaves it out.
   * @default {}
   */
  readonly cni?: ServiceToggle<IstioCniOptions>;
  /** The ingress gateway and its public Gateway. */
  readonly gateway?: IngressGatewayOptions;
  /** Mesh telemetry. */
  readonly telemetry?: MeshTelemetryOptions;
}

/** istiod options. */
export interface IstiodOptions {
  /** Lowest istiod replica count (the autoscaler's floor, and the PodDisruptionBudget keeps one up). @default 2 */
  readonly minReplicas?: number;
  /** Highest istiod replica count. @default 5 */
  readonly maxReplicas?: number;
}

/** Istio CNI options. */
export interface IstioCniOptions {
  /** Host directory of the CNI plugin binaries. @default k3s: "/var/lib/rancher/k3s/data/current/bin/", else "/opt/cni/bin" */
  readonly binDir?: string;
  /** Host directory of the CNI network configuration. @default k3s: "/var/lib/rancher/k3s/agent/etc/cni/net.d", else "/etc/cni/net.d" */
  readonly confDir?: string;
}

/** Ingress gateway options. */
export interface IngressGatewayOptions {
  /** Lowest gateway replica count. @default 2 */
  readonly minReplicas?: number;
  /** Highest gateway replica count. @default 6 */
  readonly maxReplicas?: number;
  /** Host names the public Gateway serves over HTTPS. @default ["*.<settings.domain>"] */
  readonly hosts?: readonly string[];
  /**
   * The cert-manager Certificate of the public hosts: "auto" creates it when the cluster installs
   * cert-manager's Certificate CRD and provides the ClusterIssuer `clusterIssuer`; `true` requires
   * them. Off, the Gateway serves the certificate of the SOPS secret `public-gateway-tls` in
   * istio-ingress (keys `tls.crt`, `tls.key`), which the cluster then supplies.
   * @default "auto"
   */
  readonly certificate?: IntegrationOption;
  /** ClusterIssuer that signs the gateway certificate. @default "letsencrypt-production" */
  readonly clusterIssuer?: string;
  /** Fixed address from the load-balancer pool (Cilium LB IPAM). @default assigned by the pool */
  readonly loadBalancerIP?: string;
}

/** Mesh telemetry options. */
export interface MeshTelemetryOptions {
  /** Envoy access logs (JSON) on every proxy's stdout, where the log agent collects them. @default true */
  readonly accessLogs?: boolean;
  /** Percentage of requests traced (0 disables tracing). @default 1 */
  readonly tracingSamplingPercentage?: number;
  /**
   * Traces to an OTLP gRPC endpoint: "auto" sends them to the one the cluster provides (the OTLP_GRPC
   * contract, e.g. the monitoring package's collector) or to `otlpEndpoint`; `true` requires one.
   * @default "auto"
   */
  readonly tracing?: IntegrationOption;
  /** An OTLP gRPC Service to trace to when no component provides one. @default undefined */
  readonly otlpEndpoint?: OtlpEndpoint;
}

/** An in-cluster Service receiving OTLP over gRPC. */
export interface OtlpEndpoint {
  /** Namespace of the Service. */
  readonly namespace: string;
  /** Service name. */
  readonly service: string;
  /** Port of OTLP gRPC. @default 4317 */
  readonly port?: number;
}

/** Namespace of the control plane. */
export const ISTIO_NAMESPACE = "istio-system";
/** Namespace of the ingress gateway (kept apart from the control plane, as Istio recommends). */
export const INGRESS_NAMESPACE = "istio-ingress";
/** Release name of the ingress gateway; the chart labels its pods `istio: ingressgateway`. */
export const INGRESS_GATEWAY_RELEASE = "istio-ingressgateway";
/** Name of the public Gateway; VirtualServices and Canaries reference it as "istio-ingress/public". */
export const PUBLIC_GATEWAY_NAME = "public";
/** The public Gateway as VirtualServices (and core's `canary({ gateways })`) name it. */
export const PUBLIC_GATEWAY = `${INGRESS_NAMESPACE}/${PUBLIC_GATEWAY_NAME}`;
/** Extension provider name of the OpenTelemetry tracer in the mesh config. */
export const OTEL_TRACING_PROVIDER = "otel-tracing";
