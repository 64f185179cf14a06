import {
  type ClusterDefinition,
  type Component,
  defineCluster,
  defineNamespacePackage,
  helmComponent,
  ingressClass,
  NO_OPTIONS,
} from "@helix-cluster/core";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import type { IDeploymentSpec } from "kubernetes-models/apps/v1/DeploymentSpec";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";

/** Components per namespace in the synthetic cluster. */
export const COMPONENTS_PER_NAMESPACE = 50;

/** What one synthetic component is made of, as plain data both engines build objects from. */
export interface SyntheticSpec {
  readonly name: string;
  readonly namespace: string;
  readonly chartVersion: string;
  readonly values: Record<string, unknown>;
  readonly config: Record<string, string>;
  readonly image: string;
}

/**
 * The specs of `size` components spread over namespaces of {@link COMPONENTS_PER_NAMESPACE}.
 * `changed` is the index of one component whose image tag is bumped, as a one-component change
 * that an incremental re-render writes (its HelmRelease only).
 */
export function syntheticSpecs(size: number, changed?: number): SyntheticSpec[] {
  return Array.from({ length: size }, (_, i) => {
    const name = `svc-${String(i).padStart(5, "0")}`;
    const tag = `2.${i % 5}.${i === changed ? 1 : 0}`;
    return {
      name,
      namespace: `team-${String(Math.floor(i / COMPONENTS_PER_NAMESPACE)).padStart(3, "0")}`,
      chartVersion: `1.${i % 7}.${i % 13}`,
      values: {
        replicaCount: 2 + (i % 3),
        image: { repository: "ghcr.io/example/web", tag },
        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
        ingress: {
          enabled: true,
          className: "internal",
          hosts: [{ host: `${name}.example.test`, paths: ["/"] }],
        },
        env: { LOG_LEVEL: "info", FEATURE_FLAGS: `a,b,${i % 10}` },
        podAnnotations: { "reloader.stakater.com/auto": "true" },
      },
      config: {
        "app.yaml": `name: ${name}\nlisten: 8080\nupstream: http://${name}-worker:9090\n`,
        mode: "production",
      },
      image: `ghcr.io/example/worker:3.${i % 9}.1`,
    };
  });
}

/** Labels of a synthetic component's own objects. */
export function syntheticLabels(spec: SyntheticSpec): Record<string, string> {
  return { "app.kubernetes.io/name": spec.name, "app.kubernetes.io/part-of": spec.namespace };
}

/** The worker Deployment's spec, shared by both engines. */
export function workerSpec(spec: SyntheticSpec): IDeploymentSpec {
  const labels = syntheticLabels(spec);
  return {
    replicas: 2,
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: {
        containers: [
          {
            name: "worker",
            image: spec.image,
            args: ["--config=/etc/worker/app.yaml"],
            ports: [{ name: "http", containerPort: 9090 }],
            resources: { requests: { cpu: "50m", memory: "64Mi" }, limits: { memory: "128Mi" } },
            volumeMounts: [{ name: "config", mountPath: "/etc/worker" }],
          },
        ],
        volumes: [{ name: "config", configMap: { name: `${spec.name}-config` } }],
      },
    },
  };
}

/**
 * One synthetic component as a chart user writes it: helmComponent + a ConfigMap + a Deployment.
 * The first one also stands for the ingress controller: it provides the class every chart's
 * ingress values name (no object more, so the counts compare with cdk8s as before).
 */
function component(spec: SyntheticSpec, index: number): Component {
  const built = helmComponent({
    name: spec.name,
    namespace: spec.namespace,
    chart: { oci: "oci://ghcr.io/example/charts/web-app", version: spec.chartVersion },
    values: spec.values,
    extraObjects: [
      new ConfigMap({
        metadata: { name: `${spec.name}-config`, labels: syntheticLabels(spec) },
        data: spec.config,
      }),
      new Deployment({
        metadata: { name: `${spec.name}-worker`, labels: syntheticLabels(spec) },
        spec: workerSpec(spec),
      }),
    ],
  });
  return index === 0 ? { ...built, provides: [ingressClass("internal")] } : built;
}

/** A cluster of `size` synthetic components, one namespace package per namespace (see {@link syntheticSpecs}). */
export function syntheticCluster(size: number, changed?: number): ClusterDefinition {
  const specs = syntheticSpecs(size, changed);
  const namespaces = [...new Set(specs.map((s) => s.namespace))];
  return defineCluster({
    name: `synthetic-${size}`,
    settings: {
      domain: "example.test",
      distribution: "k3s",
      acmeEmail: "ops@example.test",
      git: { url: "https://git.example.test/platform.git" },
      sopsAgeRecipients: [],
    },
    namespaces: namespaces.map((ns) =>
      defineNamespacePackage({
        packageName: `@bench/${ns}`,
        namespace: ns,
        optionsSchema: NO_OPTIONS,
        components: () => specs.flatMap((s, index) => (s.namespace === ns ? [component(s, index)] : [])),
      })(),
    ),
  });
}
