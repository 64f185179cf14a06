import type { NamespacePackage } from "../model/namespace-package.js";

/**
 * A stand-in for the kube-system package's metrics-server in another package's tests: it serves the
 * resource metrics API the package's autoscalers read (validation asks for such a component).
 */
export function resourceMetricsStandIn(): NamespacePackage {
  return {
    packageName: "stand-in/metrics-server",
    build: () => [
      {
        name: "kube-system",
        builtIn: true,
        components: [
          {
            name: "metrics-server",
            namespace: "kube-system",
            objects: [],
            autoscaling: { servesResourceMetrics: true },
          },
        ],
      },
    ],
  };
}
