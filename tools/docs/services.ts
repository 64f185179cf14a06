/** One service the platform must run and the components that implement it. */
export interface ServiceSpec {
  /** Its number in the list (the "#" column of docs/clusters/<name>.md). */
  readonly id: number;
  /** Service name, as the status pages show it. */
  readonly service: string;
  /** Namespace package that provides it (also the namespace it is expected in). */
  readonly package: string;
  /**
   * Names of the components implementing it; the service counts as configured when one of them
   * renders in the cluster. A component may implement several services (Alertmanager ships with
   * kube-prometheus-stack).
   */
  readonly components: readonly string[];
}

/** The 34 services of the Helix AI platform, numbered in the order the status pages list them. */
export const SERVICES: readonly ServiceSpec[] = [
  {
    id: 1,
    service: "cert-manager",
    package: "cert-manager",
    components: ["cert-manager", "cert-manager-issuers"],
  },
  { id: 2, service: "OpenEBS", package: "data-plane", components: ["openebs"] },
  { id: 3, service: "Redis", package: "data-plane", components: ["redis-operator", "redis"] },
  {
    id: 4,
    service: "MySQL",
    package: "data-plane",
    components: ["mysql-operator", "mysql", "mysql-app-databases"],
  },
  {
    id: 5,
    service: "RabbitMQ",
    package: "data-plane",
    components: ["rabbitmq-cluster-operator", "rabbitmq"],
  },
  { id: 6, service: "Velero", package: "data-plane", components: ["velero", "velero-backups"] },
  {
    id: 7,
    service: "Flux CD",
    package: "flux-system",
    components: ["flux-operator", "flux-instance", "flux-notifications"],
  },
  { id: 8, service: "Flagger", package: "flux-system", components: ["flagger"] },
  { id: 9, service: "Istio base", package: "istio-system", components: ["istio-base"] },
  {
    id: 10,
    service: "istiod",
    package: "istio-system",
    components: ["istiod", "istio-cni", "istio-mesh-policy"],
  },
  {
    id: 11,
    service: "Istio ingress gateway",
    package: "istio-system",
    components: ["istio-ingressgateway", "istio-public-gateway"],
  },
  { id: 12, service: "Cilium", package: "kube-system", components: ["cilium", "cilium-config"] },
  { id: 13, service: "metrics-server", package: "kube-system", components: ["metrics-server"] },
  { id: 14, service: "Stakater Reloader", package: "kube-system", components: ["reloader"] },
  { id: 15, service: "Falco", package: "kube-system", components: ["falco"] },
  { id: 16, service: "Trivy Operator", package: "kube-system", components: ["trivy-operator"] },
  { id: 17, service: "Chaos Mesh", package: "kube-system", components: ["chaos-mesh", "chaos-experiments"] },
  { id: 18, service: "Flagsmith", package: "kube-system", components: ["flagsmith"] },
  {
    id: 19,
    service: "Prometheus",
    package: "monitoring",
    components: ["kube-prometheus-stack", "prometheus-operator-crds"],
  },
  { id: 20, service: "Grafana", package: "monitoring", components: ["grafana"] },
  { id: 21, service: "Mimir", package: "monitoring", components: ["mimir"] },
  { id: 22, service: "Loki", package: "monitoring", components: ["loki"] },
  { id: 23, service: "OnCall", package: "monitoring", components: ["oncall"] },
  { id: 24, service: "Tempo", package: "monitoring", components: ["tempo", "tempo-kafka"] },
  {
    id: 25,
    service: "Application Observability",
    package: "monitoring",
    components: ["alloy-otlp"],
  },
  { id: 26, service: "Pyroscope", package: "monitoring", components: ["pyroscope"] },
  { id: 27, service: "Agent (Grafana Alloy)", package: "monitoring", components: ["alloy-logs"] },
  {
    id: 28,
    service: "Alertmanager",
    package: "monitoring",
    components: ["kube-prometheus-stack", "platform-rules"],
  },
  { id: 29, service: "Cloudflared", package: "network", components: ["cloudflared"] },
  {
    id: 30,
    service: "NGINX Ingress Controller",
    package: "network",
    components: ["nginx-ingress-internal", "nginx-ingress-external"],
  },
  { id: 31, service: "CoreDNS", package: "network", components: ["coredns"] },
  { id: 32, service: "External DNS", package: "network", components: ["external-dns"] },
  {
    id: 33,
    service: "System Upgrade Controller",
    package: "system-upgrade",
    components: ["system-upgrade-controller"],
  },
  {
    id: 34,
    service: "K3s upgrade plan",
    package: "system-upgrade",
    components: ["k3s-upgrade-plans"],
  },
];
