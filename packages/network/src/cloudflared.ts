import { createHash } from "node:crypto";
import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  containerResources,
  enabledOptions,
  horizontalPodAutoscaler,
  type KubeObject,
  resolvePodAutoscaling,
  secretRef,
} from "@helix-cluster/core";
import * as externalDns from "@helix-cluster/core/models/external-dns";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1/PodDisruptionBudget";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { externalControllerUrl, externalHostname } from "./nginx-ingress.js";
import {
  type CloudflaredOptions,
  NETWORK_NAMESPACE,
  type NetworkOptions,
  spreadOverNodes,
  TUNNEL_TOKEN_KEY,
  TUNNEL_TOKEN_SECRET,
} from "./options.js";

/** Component and Deployment name of the tunnel connector. */
export const CLOUDFLARED = "cloudflared";

// renovate: datasource=docker depName=cloudflare/cloudflared
const IMAGE = "cloudflare/cloudflared:2026.8.2";
const METRICS_PORT = 2000;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** One ingress rule of cloudflared's configuration file. */
export interface TunnelIngressRule {
  readonly hostname?: string;
  readonly service: string;
  readonly originRequest?: Readonly<Record<string, string | boolean>>;
}

/** The tunnel's configuration: each public hostname to the external controller, then a 404. */
export interface TunnelConfig {
  readonly ingress: readonly TunnelIngressRule[];
  readonly metrics: string;
  readonly "no-autoupdate": boolean;
}

/** The tunnel's own options (none when it is toggled off). */
const own = (opts: NetworkOptions): CloudflaredOptions => enabledOptions(opts.cloudflared) ?? {};

/** cloudflared's configuration for this cluster (in-cluster names in `clusterDomain`). */
export function tunnelConfig(
  settings: ClusterSettings,
  opts: NetworkOptions,
  clusterDomain: string,
): TunnelConfig {
  const hostnames = own(opts).hostnames ?? [settings.domain, `*.${settings.domain}`];
  return {
    ingress: [
      ...hostnames.map((hostname) => ({
        hostname,
        service: externalControllerUrl(clusterDomain),
        // TLS to NGINX with SNI = the requested host, so it serves (and cloudflared verifies)
        // that host's own certificate; HTTP/2 to the origin.
        originRequest: { matchSNItoHost: true, http2Origin: true },
      })),
      { service: "http_status:404" },
    ],
    metrics: `0.0.0.0:${METRICS_PORT}`,
    // Image updates come from git (Renovate), never from the binary replacing itself.
    "no-autoupdate": true,
  };
}

/**
 * The Cloudflare tunnel: a plain Deployment of cloudflare/cloudflared (not the community chart,
 * which mounts an origin cert.pem, the account-wide tunnel management credential, and has no
 * PodDisruptionBudget). It runs the locally-managed tunnel from its token (SOPS secret) and the
 * ingress rules rendered here, so routing lives in git, not in the Cloudflare dashboard.
 */
export function cloudflared(
  settings: ClusterSettings,
  opts: NetworkOptions,
  context: BuildContext,
): Component {
  const scaling = resolvePodAutoscaling(settings, own(opts).replicas ?? 2, own(opts).autoscaling, {
    maxReplicas: 4,
  });
  const replicas = scaling?.bounds.min ?? own(opts).replicas ?? 2;
  const labels = { "app.kubernetes.io/name": CLOUDFLARED, "app.kubernetes.io/instance": CLOUDFLARED };
  // cloudflared reads YAML; JSON is YAML, and needs no YAML library here.
  const config = `${JSON.stringify(tunnelConfig(settings, opts, context.clusterDomain), null, 2)}\n`;
  const configMap = new ConfigMap({
    metadata: { name: CLOUDFLARED, labels },
    data: { "config.yaml": config },
  });
  const probe = { httpGet: { path: "/ready", port: METRICS_PORT }, periodSeconds: 10, failureThreshold: 3 };
  const deployment = new Deployment({
    metadata: { name: CLOUDFLARED, labels },
    spec: {
      // Under an HPA the replica count is its to set: Flux re-applying one would fight it.
      ...(scaling ? {} : { replicas }),
      selector: { matchLabels: labels },
      strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
      template: {
        // cloudflared reads its config once: a changed config must roll the pods.
        metadata: {
          labels,
          annotations: { "checksum/config": createHash("sha256").update(config).digest("hex") },
        },
        spec: {
          automountServiceAccountToken: false,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65532,
            runAsGroup: 65532,
            seccompProfile: { type: "RuntimeDefault" },
          },
          topologySpreadConstraints: spreadOverNodes(labels),
          containers: [
            {
              name: CLOUDFLARED,
              image: IMAGE,
              args: ["tunnel", "--config", "/etc/cloudflared/config.yaml", "run"],
              env: [
                {
                  name: "TUNNEL_TOKEN",
                  valueFrom: { secretKeyRef: { name: TUNNEL_TOKEN_SECRET, key: TUNNEL_TOKEN_KEY } },
                },
              ],
              ports: [{ name: "metrics", containerPort: METRICS_PORT, protocol: "TCP" }],
              readinessProbe: probe,
              livenessProbe: { ...probe, initialDelaySeconds: 10, failureThreshold: 6 },
              resources: containerResources("10m", "64Mi", "256Mi"),
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "config", mountPath: "/etc/cloudflared", readOnly: true }],
            },
          ],
          volumes: [{ name: "config", configMap: { name: CLOUDFLARED } }],
        },
      },
    },
  });
  const objects: KubeObject[] = [configMap, deployment];
  if (scaling) {
    // More connectors under load; the Deployment's replicas is only the starting point.
    objects.push(
      horizontalPodAutoscaler({
        deployment: CLOUDFLARED,
        bounds: scaling.bounds,
        utilization: scaling.utilization,
      }),
    );
  }
  if (replicas > 1) {
    objects.push(
      new PodDisruptionBudget({
        metadata: { name: CLOUDFLARED, labels },
        spec: { minAvailable: 1, selector: { matchLabels: labels } },
      }),
    );
  }
  const tunnelId = own(opts).tunnelId;
  if (tunnelId !== undefined) {
    if (!UUID.test(tunnelId)) {
      throw new Error(
        `network: cloudflared.tunnelId "${tunnelId}" is not a tunnel UUID (see "cloudflared tunnel list")`,
      );
    }
    objects.push(
      new externalDns.externaldnsK8sIo.v1alpha1.DNSEndpoint({
        metadata: { name: CLOUDFLARED, labels },
        spec: {
          endpoints: [
            {
              dnsName: externalHostname(settings, opts),
              recordType: "CNAME",
              targets: [`${tunnelId}.cfargotunnel.com`],
            },
          ],
        },
      }),
    );
  }
  return {
    name: CLOUDFLARED,
    namespace: NETWORK_NAMESPACE,
    objects,
    secrets: [secretRef(TUNNEL_TOKEN_SECRET, [TUNNEL_TOKEN_KEY])],
    ...(scaling
      ? {
          autoscaling: {
            pods: [
              {
                target: `Deployment/${CLOUDFLARED}`,
                minReplicas: scaling.bounds.min,
                maxReplicas: scaling.bounds.max,
                utilization: scaling.utilization,
                via: "object" as const,
              },
            ],
          },
        }
      : {}),
  };
}
