import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  defineNamespacePackage,
  enabledOptions,
  type NamespacePackage,
} from "@helix-cluster/core";
import { cloudflared } from "./cloudflared.js";
import { coreDns } from "./coredns.js";
import { externalDns } from "./external-dns.js";
import { optionsSchema } from "./generated/options-schema.js";
import { chartValuesSchemas } from "./generated/values/index.js";
import { nginxIngressExternal, nginxIngressInternal } from "./nginx-ingress.js";
import { NETWORK_NAMESPACE, type NetworkOptions } from "./options.js";

export {
  CLOUDFLARED,
  cloudflared,
  type TunnelConfig,
  type TunnelIngressRule,
  tunnelConfig,
} from "./cloudflared.js";
export {
  COREDNS,
  COREDNS_TARGET_NAMESPACE,
  type CoreDnsValues,
  type CorePlugin,
  type CoreServer,
  coreDns,
  corefile,
} from "./coredns.js";
export { EXTERNAL_DNS, externalDns } from "./external-dns.js";
export { firstHost, inPool } from "./ip.js";
export { monitoringIntegration } from "./monitoring.js";
export {
  controllerServiceName,
  EXTERNAL_RELEASE,
  externalControllerUrl,
  externalHostname,
  INTERNAL_RELEASE,
  internalLoadBalancerIp,
  NGINX_APP_PROTECT_CRDS,
  NGINX_INGRESS_CRDS,
  nginxIngressExternal,
  nginxIngressInternal,
} from "./nginx-ingress.js";
export * from "./options.js";

/** The components of the network namespace for one cluster. */
export function networkComponents(
  settings: ClusterSettings,
  options: NetworkOptions,
  context: BuildContext,
): Component[] {
  const clusterName = options.clusterName || context.clusterName;
  if (!clusterName) {
    throw new Error(
      "network: no cluster name for External DNS to own its records with (build the package in a defineCluster, or set options.clusterName)",
    );
  }
  const opts: NetworkOptions = { ...options, clusterName };
  const withCoreDns = enabledOptions(opts.coreDns, settings.distribution === "k3s" ? {} : false);
  const withTunnel = enabledOptions(opts.cloudflared);
  const withExternalDns = enabledOptions(opts.externalDns);
  return [
    nginxIngressExternal(settings, opts, context),
    nginxIngressInternal(settings, opts, context),
    ...(withTunnel ? [cloudflared(settings, opts, context)] : []),
    ...(withExternalDns ? [externalDns(settings, opts, context)] : []),
    ...(withCoreDns ? [coreDns(settings, opts, context)] : []),
  ];
}

const networkPackage = defineNamespacePackage<NetworkOptions>({
  packageName: "@helix-cluster/network",
  chartValuesSchemas,
  namespace: NETWORK_NAMESPACE,
  optionsSchema,
  // Everything here runs unprivileged; NGINX only needs NET_BIND_SERVICE, which baseline allows.
  labels: () => ({
    "pod-security.kubernetes.io/enforce": "baseline",
    "pod-security.kubernetes.io/warn": "restricted",
    "pod-security.kubernetes.io/audit": "restricted",
  }),
  components: networkComponents,
});

/**
 * The network edge: Cloudflare tunnel → external NGINX controller for public hosts, an internal
 * NGINX controller on a LAN LoadBalancer address, External DNS for the public records and CoreDNS
 * for the cluster. External DNS owns its records under the cluster's name. The tunnel, External DNS
 * and CoreDNS each turn off with `false`; ServiceMonitors follow the `monitoring` integration.
 */
export function network(options: NetworkOptions = {}): NamespacePackage {
  return networkPackage(options);
}
export * from "./generated/values/index.js";
