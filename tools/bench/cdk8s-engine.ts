import { type SyntheticSpec, syntheticLabels, workerSpec } from "./synthetic.js";

/** The part of the cdk8s API the comparison uses (cdk8s 2.x). */
interface Cdk8sApi {
  readonly App: new (props?: {
    outdir?: string;
    yamlOutputType?: number;
  }) => { synth(): void; synthYaml(): string };
  readonly Chart: new (scope: object, id: string, props?: { namespace?: string }) => object;
  readonly ApiObject: new (scope: object, id: string, props: Record<string, unknown>) => object;
  readonly YamlOutputType: { readonly FOLDER_PER_CHART_FILE_PER_RESOURCE: number };
}

/** cdk8s when it is installed (a devDependency of the benchmark only), else undefined. */
export async function loadCdk8s(): Promise<Cdk8sApi | undefined> {
  // A variable specifier: type-checking must not need cdk8s installed. CDK8S_MODULE may name another copy.
  const specifier: string = process.env.CDK8S_MODULE ?? "cdk8s";
  try {
    const mod = (await import(specifier)) as Partial<Cdk8sApi> & { default?: Cdk8sApi };
    const api = mod.default ?? (mod as Cdk8sApi);
    return typeof api.App === "function" ? api : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Synthesizes the same objects as the helix synthetic cluster with cdk8s: per namespace a Chart and
 * a Namespace, per component the OCIRepository, HelmRelease (with helix's defaults), ConfigMap and
 * Deployment as L1 ApiObjects, written one file per resource into `outdir`, or without `outdir`
 * synthesized to one YAML string in memory (`synthYaml()`).
 */
export function synthesizeWithCdk8s(
  cdk8s: Cdk8sApi,
  specs: readonly SyntheticSpec[],
  outdir?: string,
): number {
  const app = new cdk8s.App({
    ...(outdir ? { outdir } : {}),
    yamlOutputType: cdk8s.YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE,
  });
  const charts = new Map<string, object>();
  let objects = 0;
  for (const spec of specs) {
    let chart = charts.get(spec.namespace);
    if (!chart) {
      chart = new cdk8s.Chart(app, spec.namespace, { namespace: spec.namespace });
      new cdk8s.ApiObject(chart, "namespace", {
        apiVersion: "v1",
        kind: "Namespace",
        metadata: { name: spec.namespace },
      });
      charts.set(spec.namespace, chart);
      objects++;
    }
    const meta = { name: spec.name };
    new cdk8s.ApiObject(chart, `${spec.name}-source`, {
      apiVersion: "source.toolkit.fluxcd.io/v1",
      kind: "OCIRepository",
      metadata: meta,
      spec: {
        interval: "12h",
        url: "oci://ghcr.io/example/charts/web-app",
        ref: { tag: spec.chartVersion },
        layerSelector: {
          mediaType: "application/vnd.cncf.helm.chart.content.v1.tar+gzip",
          operation: "copy",
        },
      },
    });
    new cdk8s.ApiObject(chart, `${spec.name}-release`, {
      apiVersion: "helm.toolkit.fluxcd.io/v2",
      kind: "HelmRelease",
      metadata: meta,
      spec: {
        interval: "1h",
        timeout: "10m",
        chartRef: { kind: "OCIRepository", name: spec.name },
        install: { crds: "CreateReplace", remediation: { retries: 3 } },
        upgrade: {
          crds: "CreateReplace",
          cleanupOnFail: true,
          remediation: { retries: 3, strategy: "rollback" },
        },
        values: spec.values,
      },
    });
    new cdk8s.ApiObject(chart, `${spec.name}-config`, {
      apiVersion: "v1",
      kind: "ConfigMap",
      metadata: { name: `${spec.name}-config`, labels: syntheticLabels(spec) },
      data: spec.config,
    });
    new cdk8s.ApiObject(chart, `${spec.name}-worker`, {
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: `${spec.name}-worker`, labels: syntheticLabels(spec) },
      spec: workerSpec(spec),
    });
    objects += 4;
  }
  if (outdir) app.synth();
  else if (app.synthYaml().length === 0) throw new Error("cdk8s synthesized nothing");
  return objects;
}
