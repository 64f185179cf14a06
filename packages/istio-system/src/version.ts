/** Istio release of every chart (base, cni, istiod, gateway): they must move together. */
// renovate: datasource=docker depName=registry.istio.io/release/charts/base
export const ISTIO_VERSION = "1.30.3";

/** OCI location of an Istio chart of that release. */
export function istioChart(chart: "base" | "cni" | "istiod" | "gateway"): {
  oci: string;
  version: typeof ISTIO_VERSION;
} {
  return { oci: `oci://registry.istio.io/release/charts/${chart}`, version: ISTIO_VERSION };
}
