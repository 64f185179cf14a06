// The namespace packages the consumer composes, as another repository would: every one of them,
// from the published tarballs, each with its factory and the options the consumer passes.

/** One namespace package as the consumer uses it. */
export interface ConsumedPackage {
  /** Short name: the package folder, and the consumer's `alone/<short>/cluster.ts` entry. */
  readonly short: string;
  /** npm name. */
  readonly name: string;
  /** The factory the package exports. */
  readonly factory: string;
  /** The options the consumer passes, as TypeScript source (`""` for the package's defaults). */
  readonly options: string;
  /** An object the package must render with these options, proof it is in the output. */
  readonly renders: { readonly kind: string; readonly namespace: string; readonly name: string };
}

/** Every namespace package of the workspace (tools/e2e-consumer.test.ts keeps the list complete). */
export const NAMESPACE_PACKAGES: readonly ConsumedPackage[] = [
  {
    short: "cert-manager",
    name: "@helix-cluster/cert-manager",
    factory: "certManager",
    options: `{ replicas: 1, dns01: { cloudflare: {} }, wildcardIssuer: "letsencrypt-staging" }`,
    renders: { kind: "HelmRelease", namespace: "cert-manager", name: "cert-manager" },
  },
  {
    short: "data-plane",
    name: "@helix-cluster/data-plane",
    factory: "dataPlane",
    options: "",
    renders: { kind: "HelmRelease", namespace: "data-plane", name: "mysql-operator" },
  },
  {
    short: "environments",
    name: "@helix-cluster/environments",
    factory: "environments",
    options: "",
    renders: { kind: "Namespace", namespace: "", name: "production" },
  },
  {
    short: "flux-system",
    name: "@helix-cluster/flux-system",
    factory: "fluxSystem",
    options: "",
    renders: { kind: "HelmRelease", namespace: "flux-system", name: "flux-operator" },
  },
  {
    short: "istio-system",
    name: "@helix-cluster/istio-system",
    factory: "istioSystem",
    options: "",
    renders: { kind: "HelmRelease", namespace: "istio-system", name: "istiod" },
  },
  {
    short: "kube-system",
    name: "@helix-cluster/kube-system",
    factory: "kubeSystem",
    options: "",
    renders: { kind: "HelmRelease", namespace: "kube-system", name: "metrics-server" },
  },
  {
    short: "monitoring",
    name: "@helix-cluster/monitoring",
    factory: "monitoring",
    options: "",
    renders: { kind: "HelmRelease", namespace: "monitoring", name: "kube-prometheus-stack" },
  },
  {
    short: "network",
    name: "@helix-cluster/network",
    factory: "network",
    options: "",
    renders: { kind: "HelmRelease", namespace: "network", name: "external-dns" },
  },
  {
    short: "system-upgrade",
    name: "@helix-cluster/system-upgrade",
    factory: "systemUpgrade",
    options: `{ plans: { window: { days: ["saturday"], startTime: "02:00", endTime: "05:00" } } }`,
    renders: { kind: "Plan", namespace: "system-upgrade", name: "server-plan" },
  },
];

/** The published packages the consumer installs: core and every namespace package. */
export const CONSUMED: readonly string[] = ["@helix-cluster/core", ...NAMESPACE_PACKAGES.map((p) => p.name)];
