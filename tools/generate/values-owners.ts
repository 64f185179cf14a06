/**
 * Which package pins each chart that has a values schema in the upstream data: its generated values
 * type and validator go into that package (`packages/<package>/src/generated/values/`), next to the
 * component that passes them to helmComponent. Keyed by the chart's published name.
 *
 * The generator fails on a schema of a chart listed nowhere here, and on a listed chart whose schema
 * is missing: a bump that drops a chart's values schema must say so here, never pass quietly.
 */
export const VALUES_SCHEMA_OWNERS: Readonly<Record<string, string>> = {
  "cert-manager": "cert-manager",
  "chaos-mesh": "kube-system",
  cilium: "kube-system",
  "external-dns": "network",
  gateway: "istio-system",
  loki: "monitoring",
  "nginx-ingress": "network",
  "rabbitmq-cluster-operator": "data-plane",
  reloader: "kube-system",
  velero: "data-plane",
};

/** Charts with a values schema in the upstream data that no package pins, with why. */
export const UNPINNED_VALUES_SCHEMAS: Readonly<Record<string, string>> = {
  cloudflared: "the tunnel is a plain Deployment of our own, not the community chart",
  mysql: "the data plane runs Oracle's MySQL Operator, not Bitnami's chart",
  rabbitmq: "the data plane runs the RabbitMQ cluster operator, not Bitnami's chart",
  redis: "the data plane runs the OT-CONTAINER-KIT redis-operator, not Bitnami's chart",
};
