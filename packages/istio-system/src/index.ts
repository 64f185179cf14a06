import { enabledOptions, type NamespacePackage } from "@helix-cluster/core";
import { istioBase } from "./base.js";
import { istioCni } from "./cni.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { ingressGateway } from "./ingress-gateway.js";
import { istiod } from "./istiod.js";
import { istioMeshPolicy } from "./mesh-policy.js";
import { INGRESS_NAMESPACE, ISTIO_NAMESPACE, type IstioSystemOptions } from "./options.js";
import { publicGatewayComponent } from "./public-gateway.js";
import { meshTracingOf } from "./tracing.js";

export { ISTIO_CRDS, type IstioBaseValues, istioBase } from "./base.js";
export { type IstioCniValues, istioCni } from "./cni.js";
export { INGRESS_GATEWAY_SELECTOR, INJECTED_PROXY_IMAGE, ingressGateway } from "./ingress-gateway.js";
export { type IstiodValues, istiod, type MeshConfig, type MeshExtensionProvider } from "./istiod.js";
export { istioMeshPolicy, meshTracing, strictMtls } from "./mesh-policy.js";
export * from "./options.js";
export {
  CERTIFICATE_TYPE,
  DEFAULT_GATEWAY_ISSUER,
  gatewayCertificate,
  gatewayCertificateIntegration,
  PUBLIC_GATEWAY_TLS_SECRET,
  publicGateway,
  publicGatewayComponent,
  publicHosts,
} from "./public-gateway.js";
export { type MeshTracing, meshTracingOf } from "./tracing.js";
export { ISTIO_VERSION, istioChart } from "./version.js";

const PACKAGE_NAME = "@helix-cluster/istio-system";

/**
 * Istio: the control plane in istio-system (base CRDs, CNI agent, istiod, mesh-wide STRICT mTLS and
 * tracing) and the ingress gateway in istio-ingress with its public HTTPS Gateway.
 */
export function istioSystem(options: IstioSystemOptions = {}): NamespacePackage {
  return {
    packageName: PACKAGE_NAME,
    options: { value: options, schema: optionsSchema },
    chartValuesSchemas,
    build: (settings, context) => {
      const cni = enabledOptions(options.cni);
      const tracing = meshTracingOf(context, options);
      // The CNI agent mounts host paths (CNI bin/conf dirs): only "privileged" admits it.
      const controlPlaneLabels: Record<string, string> = cni
        ? {
            "pod-security.kubernetes.io/enforce": "privileged",
            "pod-security.kubernetes.io/warn": "baseline",
            "pod-security.kubernetes.io/audit": "baseline",
          }
        : { "pod-security.kubernetes.io/enforce": "baseline" };
      return [
        {
          name: ISTIO_NAMESPACE,
          labels: controlPlaneLabels,
          components: [
            istioBase(settings, options),
            ...(cni ? [istioCni(settings, cni)] : []),
            istiod(settings, options, context, tracing),
            istioMeshPolicy(settings, options, tracing),
          ],
        },
        {
          name: INGRESS_NAMESPACE,
          // The gateway pod is completed by istiod's injector at admission; restricted is audited
          // and warned about, baseline enforced, so a template change cannot take ingress down.
          labels: {
            "pod-security.kubernetes.io/enforce": "baseline",
            "pod-security.kubernetes.io/warn": "restricted",
            "pod-security.kubernetes.io/audit": "restricted",
          },
          components: [ingressGateway(settings, options), publicGatewayComponent(settings, options, context)],
        },
      ];
    },
  };
}
export * from "./generated/values/index.js";
