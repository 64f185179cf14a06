import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  helmComponent,
  SERVICE_MONITOR,
  secretRef,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { externalDnsValuesSchema } from "./generated/values/external-dns-1.21.1.js";
import { monitoringIntegration } from "./monitoring.js";
import {
  CLOUDFLARE_TOKEN_KEY,
  CLOUDFLARE_TOKEN_SECRET,
  NETWORK_NAMESPACE,
  type NetworkOptions,
} from "./options.js";

/** Component and release name of External DNS. */
export const EXTERNAL_DNS = "external-dns";

/**
 * External DNS with the Cloudflare provider. It reads only Ingresses of the external class
 * (`--ingress-class`), plus DNSEndpoints (the tunnel's own CNAME), and never Services: a Service
 * source would publish LoadBalancer addresses of the LAN, bypassing the class filter. Records are
 * proxied CNAMEs to the external controller's address, owned through TXT records marked with the
 * cluster name; policy "sync" removes what this cluster created once its Ingress is gone.
 */
export function externalDns(
  settings: ClusterSettings,
  opts: NetworkOptions,
  context: BuildContext,
): Component {
  const monitoring = monitoringIntegration(context, opts);
  const own = enabledOptions(opts.externalDns) ?? {};
  const ingressClass = opts.ingress?.externalClass ?? "external";
  return helmComponent({
    name: EXTERNAL_DNS,
    namespace: NETWORK_NAMESPACE,
    chart: {
      repository: "https://kubernetes-sigs.github.io/external-dns/",
      chart: "external-dns",
      // renovate: datasource=helm depName=external-dns registryUrl=https://kubernetes-sigs.github.io/external-dns/
      version: "1.21.1",
    },
    valuesSchema: externalDnsValuesSchema,
    installsCrds: ["externaldns.k8s.io/DNSEndpoint"],
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    secrets: [secretRef(CLOUDFLARE_TOKEN_SECRET, [CLOUDFLARE_TOKEN_KEY])],
    integrations: [monitoring],
    values: {
      provider: { name: "cloudflare" },
      env: [
        {
          name: "CF_API_TOKEN",
          valueFrom: { secretKeyRef: { name: CLOUDFLARE_TOKEN_SECRET, key: CLOUDFLARE_TOKEN_KEY } },
        },
      ],
      sources: ["ingress", "crd"],
      domainFilters: [...(own.domainFilters ?? [settings.domain])],
      extraArgs: [
        `--ingress-class=${ingressClass}`,
        // Tunnel CNAMEs only work proxied through Cloudflare.
        "--cloudflare-proxied",
        "--cloudflare-dns-records-per-page=5000",
      ],
      policy: own.policy ?? "sync",
      registry: "txt",
      txtOwnerId: opts.clusterName,
      // A TXT record may not share its name with a CNAME: keep ownership records under a prefix.
      txtPrefix: "k8s.",
      interval: own.interval ?? "1m",
      triggerLoopOnEvent: true,
      logFormat: "json",
      resources: containerResources("10m", "64Mi", "128Mi"),
      serviceMonitor: { enabled: monitoring.enabled },
    },
  });
}
