import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withoutChartCpuLimit } from "../builders/container-resources.js";
import { helmComponent } from "../builders/helm.js";
import { defineCluster } from "../model/cluster.js";
import type { ChartCheckOptions, Component } from "../model/component.js";
import { defineNamespacePackage, NO_OPTIONS } from "../model/namespace-package.js";
import { packageCharts, removeCharts, type TestChart } from "../test-support/chart-fixture.js";
import { formatProblem } from "../validate/problem.js";
import { type ChartCheckReport, checkCharts } from "./check-charts.js";
import { type ChartCheckSession, chartCheckSession } from "./check-session.js";

const SERVICE_MONITOR = "monitoring.coreos.com/ServiceMonitor";

const deployment = `{{- if .Values.fail }}{{ fail "demo refuses: fail is set" }}{{ end }}
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Release.Name }}
spec:
  replicas: {{ .Values.replicas }}
  {{- if .Values.extraField }}
  bogusField: true
  {{- end }}
  selector:
    matchLabels: { app: demo }
  template:
    metadata:
      labels: { app: demo }
    spec:
      containers:
        - name: demo
          image: "{{ .Values.image.repository }}:{{ .Values.image.tag }}"
          resources: {{ toJson .Values.resources }}
`;

const serviceMonitor = `{{- if .Values.monitor }}
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: {{ .Release.Name }}
spec:
  selector:
    matchLabels: { app: demo }
  endpoints:
    - port: http
{{- end }}
`;

const values = (limits: string) => `replicas: 1
image:
  repository: registry.example.test/demo
  tag: "1.0.0"
resources:
  requests: { cpu: 10m, memory: 16Mi }
  limits: ${limits}
fail: false
extraField: false
monitor: false
`;

const monitorCrd = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: servicemonitors.monitoring.coreos.com
spec:
  group: monitoring.coreos.com
  names: { kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor }
  scope: Namespaced
  versions:
    - name: v1
      served: true
      storage: true
      schema:
        openAPIV3Schema:
          type: object
          x-kubernetes-preserve-unknown-fields: true
`;

const testPod = `apiVersion: v1
kind: Pod
metadata:
  name: {{ .Release.Name }}-test
  annotations:
    "helm.sh/hook": test
spec:
  containers:
    - name: curl
      image: appropriate/curl
  restartPolicy: Never
`;

const injectedDeployment = deployment.replace(
  '"{{ .Values.image.repository }}:{{ .Values.image.tag }}"',
  "auto",
);

const asker = `{{- if .Capabilities.APIVersions.Has "monitoring.coreos.com/v1" }}
apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}-monitoring
data:
  found: "yes"
{{- end }}
`;

const kubeReader = `apiVersion: v1
kind: ConfigMap
metadata:
  name: {{ .Release.Name }}
data:
  minor: {{ .Capabilities.KubeVersion.Minor | quote }}
`;

const widgetCrd = monitorCrd
  .replaceAll("servicemonitors.monitoring.coreos.com", "widgets.example.test")
  .replace("group: monitoring.coreos.com", "group: example.test")
  .replace(
    "{ kind: ServiceMonitor, listKind: ServiceMonitorList, plural: servicemonitors, singular: servicemonitor }",
    "{ kind: Widget, listKind: WidgetList, plural: widgets, singular: widget }",
  );

const CHARTS: TestChart[] = [
  {
    name: "demo",
    version: "0.1.0",
    files: {
      "values.yaml": values("{ memory: 16Mi }"),
      "templates/deployment.yaml": deployment,
      "templates/servicemonitor.yaml": serviceMonitor,
    },
  },
  {
    name: "greedy",
    version: "0.1.0",
    files: { "values.yaml": values("{ cpu: 100m, memory: 16Mi }"), "templates/deployment.yaml": deployment },
  },
  { name: "monitoring-crds", version: "0.1.0", files: { "crds/servicemonitor.yaml": monitorCrd } },
  { name: "widget-crds", version: "0.1.0", files: { "crds/widget.yaml": widgetCrd } },
  {
    name: "tested",
    version: "0.1.0",
    files: {
      "values.yaml": values("{ memory: 16Mi }"),
      "templates/deployment.yaml": deployment,
      "templates/tests/pod.yaml": testPod,
    },
  },
  {
    name: "injected",
    version: "0.1.0",
    files: { "values.yaml": values("{ memory: 16Mi }"), "templates/deployment.yaml": injectedDeployment },
  },
  { name: "asker", version: "0.1.0", files: { "templates/configmap.yaml": asker } },
  { name: "kube-reader", version: "0.1.0", files: { "templates/configmap.yaml": kubeReader } },
];

let chartsDir = "";
let cacheDir = "";
beforeAll(async () => {
  chartsDir = await packageCharts(CHARTS);
  cacheDir = await mkdtemp(join(tmpdir(), "helix-chart-check-cache-"));
});
afterAll(async () => {
  await removeCharts(chartsDir);
  await rm(cacheDir, { recursive: true, force: true });
});

interface DemoOptions {
  readonly chart?: string;
  readonly version?: string;
  readonly values?: Record<string, unknown>;
  readonly usesCrds?: readonly string[];
  readonly chartCheck?: ChartCheckOptions;
}

function demo(opts: DemoOptions = {}): Component {
  return helmComponent({
    name: "demo",
    namespace: "apps",
    chart: {
      repository: "https://charts.example.test",
      chart: opts.chart ?? "demo",
      version: opts.version ?? "0.1.0",
    },
    values: opts.values ?? {},
    usesCrds: opts.usesCrds ?? [],
    ...(opts.chartCheck ? { chartCheck: opts.chartCheck } : {}),
  });
}

const monitoringCrds = helmComponent({
  name: "monitoring-crds",
  namespace: "apps",
  chart: { repository: "https://charts.example.test", chart: "monitoring-crds", version: "0.1.0" },
  installsCrds: [SERVICE_MONITOR],
});

const widgetCrds = helmComponent({
  name: "widget-crds",
  namespace: "apps",
  chart: { repository: "https://charts.example.test", chart: "widget-crds", version: "0.1.0" },
  installsCrds: ["example.test/Widget"],
});

const plain = (name: string, chart: string) =>
  helmComponent({
    name,
    namespace: "apps",
    chart: { repository: "https://charts.example.test", chart, version: "0.1.0" },
  });

interface CheckOptions {
  readonly analyseSettings?: boolean;
  readonly k3sVersion?: string;
  readonly session?: ChartCheckSession;
  readonly name?: string;
}

async function check(components: readonly Component[], analyseSettings = false): Promise<ChartCheckReport> {
  return checkWith(components, { analyseSettings });
}

async function checkWith(components: readonly Component[], opts: CheckOptions): Promise<ChartCheckReport> {
  const analyseSettings = opts.analyseSettings ?? false;
  const cluster = defineCluster({
    name: opts.name ?? "test",
    settings: {
      domain: "example.test",
      distribution: "k3s",
      k3sVersion: opts.k3sVersion ?? "v1.36.3+k3s1",
      acmeEmail: "ops@example.test",
      git: { url: "https://git.example.test/platform.git" },
      sopsAgeRecipients: [],
    },
    namespaces: [
      defineNamespacePackage({
        packageName: "@test/apps",
        namespace: "apps",
        optionsSchema: NO_OPTIONS,
        components: () => components,
      })(),
    ],
  });
  return checkCharts(cluster, {
    chartsDir,
    cacheDir,
    analyseSettings,
    ...(opts.session ? { session: opts.session } : {}),
  });
}

const lines = (r: ChartCheckReport): string[] => r.problems.map(formatProblem);

describe("checkCharts", () => {
  it("given a chart that templates cleanly, reports no problem and counts what it checked", async () => {
    const report = await check([demo()]);
    expect(lines(report)).toEqual([]);
    expect(report.releases).toBe(1);
    expect(report.objects).toBe(1);
  });

  it("given values that make the chart fail, names the component and quotes Helm's message", async () => {
    const report = await check([demo({ values: { fail: true } })]);
    expect(lines(report)).toEqual([
      expect.stringMatching(
        /^test › @test\/apps › demo › HelmRelease\/apps\/demo: chart demo 0\.1\.0 does not template: .*demo refuses: fail is set \[chart\]$/,
      ),
    ]);
  });

  it("given a chart output with a field its schema does not have, rejects the unknown field", async () => {
    const report = await check([demo({ values: { extraField: true } })]);
    expect(lines(report)).toEqual([
      "test › @test/apps › demo › Deployment/apps/demo › /spec/bogusField: unknown field [chart]",
    ]);
  });

  it("given a CPU limit from the chart's defaults, reports it unless the component allows it with a reason", async () => {
    const report = await check([demo({ chart: "greedy" })]);
    expect(lines(report)).toEqual([
      expect.stringMatching(
        /^test › @test\/apps › demo › Deployment\/apps\/demo › \/spec\/template\/spec\/containers\/0\/resources\/limits\/cpu: container "demo" has a CPU limit \("100m"\)/,
      ),
    ]);
    const allowed = await check([
      demo({ chart: "greedy", chartCheck: { cpuLimits: "a batch job that must not starve its node" } }),
    ]);
    expect(lines(allowed)).toEqual([]);
  });

  it("given declared CRDs the chart does not template, fails unless the component says they come at runtime", async () => {
    const declared = (chartCheck?: ChartCheckOptions) =>
      helmComponent({
        name: "demo",
        namespace: "apps",
        chart: { repository: "https://charts.example.test", chart: "demo", version: "0.1.0" },
        installsCrds: ["example.test/Widget"],
        ...(chartCheck ? { chartCheck } : {}),
      });
    expect(lines(await check([declared()]))).toEqual([
      expect.stringMatching(
        /^test › @test\/apps › demo › HelmRelease\/apps\/demo › \/spec\/values: the component declares installsCrds example\.test\/Widget, but the chart output has no CRD for it/,
      ),
    ]);
    expect(
      lines(await check([declared({ crdsAtRuntime: "the operator registers them when it starts" })])),
    ).toEqual([]);
  });

  it("given a custom resource whose CRD another component installs, requires the chart's component to wait for it", async () => {
    const before = await check([monitoringCrds, demo({ values: { monitor: true } })]);
    expect(lines(before)).toEqual([
      expect.stringMatching(
        /^test › @test\/apps › demo › ServiceMonitor\/apps\/demo: the chart creates monitoring\.coreos\.com\/ServiceMonitor before its CRD exists: component "monitoring-crds" installs it, but "demo" does not wait for it/,
      ),
    ]);
    const after = await check([
      monitoringCrds,
      demo({ values: { monitor: true }, usesCrds: [SERVICE_MONITOR] }),
    ]);
    expect(lines(after)).toEqual([]);
  });

  it("given a setting the chart never reads and one equal to its default, fails on the first and reports the second", async () => {
    const report = await check(
      [demo({ values: { replicas: 2, unusedKey: "x", image: { tag: "1.0.0" } } })],
      true,
    );
    expect(lines(report)).toEqual([
      "test › @test/apps › demo › HelmRelease/apps/demo › /spec/values/unusedKey: chart demo 0.1.0 never reads this setting (neither removing nor changing it changes the output): remove it, or fix its path [chart]",
    ]);
    expect(report.neverRead).toBe(1);
    expect(report.redundant.map((r) => r.path)).toEqual(["/spec/values/image/tag"]);
    const again = await check(
      [demo({ values: { replicas: 2, unusedKey: "x", image: { tag: "1.0.0" } } })],
      true,
    );
    expect(again.helmRuns).toBe(0);
    expect(again.cachedReleases).toBe(1);
    expect(lines(again)).toEqual(lines(report));
  });

  it("given a chart bump without chart data, fails naming the chart, the version and how to add it, unless excepted with a reason", async () => {
    const bumped = await check([demo({ version: "0.2.0" })]);
    expect(lines(bumped)).toEqual([
      expect.stringMatching(
        /^test › @test\/apps › demo › HelmRelease\/apps\/demo: chart demo 0\.2\.0 is not in .*: add demo-0\.2\.0\.tgz there .*or declare chartCheck\.exception on the component with the reason \[chart\]$/,
      ),
    ]);
    const excepted = await check([
      demo({ version: "0.2.0", chartCheck: { exception: "0.2.0 is not published as sources yet" } }),
    ]);
    expect(lines(excepted)).toEqual([]);
    expect(excepted.exceptions).toEqual([
      expect.objectContaining({
        component: "demo",
        chart: "demo",
        version: "0.2.0",
        reason: "0.2.0 is not published as sources yet",
      }),
    ]);
    const stale = await check([demo({ chartCheck: { exception: "left over" } })]);
    expect(lines(stale)).toEqual([
      expect.stringContaining(
        'declares the chart check exception "left over", but demo-0.1.0.tgz exists: remove the exception',
      ),
    ]);
  });

  it("given a chart default CPU limit set to null in the values, finds no CPU limit (Helm deleted it)", async () => {
    const resources = withoutChartCpuLimit({
      requests: { cpu: "10m", memory: "16Mi" },
      limits: { memory: "16Mi" },
    });
    expect(lines(await check([demo({ chart: "greedy", values: { resources } })]))).toEqual([]);
  });

  it("given a chart test hook, checks its Pod only when the HelmRelease enables Helm tests, as helm-controller creates it", async () => {
    expect(lines(await check([demo({ chart: "tested" })]))).toEqual([]);
    const tested = demo({ chart: "tested" });
    const release = tested.objects.find((o) => o.kind === "HelmRelease") as {
      spec?: Record<string, unknown>;
    };
    if (release.spec) release.spec.test = { enable: true };
    expect(lines(await check([tested]))).toEqual(
      expect.arrayContaining([
        'test › @test/apps › demo › Pod/apps/demo-test › /spec/containers/0/image: image "appropriate/curl" is not pinned to a version or digest [chart]',
      ]),
    );
  });

  it("given an image an admission webhook sets, fails unless the component names that exact image with the reason", async () => {
    expect(lines(await check([demo({ chart: "injected" })]))).toEqual([
      'test › @test/apps › demo › Deployment/apps/demo › /spec/template/spec/containers/0/image: image "auto" is not pinned to a version or digest [chart]',
    ]);
    const named = demo({
      chart: "injected",
      chartCheck: { imagesSetAtAdmission: { auto: "the injector sets it" } },
    });
    expect(lines(await check([named]))).toEqual([]);
    const other = demo({
      chart: "injected",
      chartCheck: { imagesSetAtAdmission: { "auto:1": "not this one" } },
    });
    expect(lines(await check([other]))).toHaveLength(1);
  });

  it("given two clusters in one session, templates once a release whose chart cannot see their difference", async () => {
    const dir = await mkdtemp(join(tmpdir(), "helix-chart-check-shared-"));
    const session = chartCheckSession({ cacheDir: dir });
    try {
      const [a, b] = await Promise.all([
        checkWith([demo()], { session, name: "a" }),
        checkWith([demo()], { session, name: "b", k3sVersion: "v1.35.1+k3s1" }),
      ]);
      expect(a.helmRuns + b.helmRuns).toBe(1);
      // A chart that prints the Kubernetes version is templated for each.
      const reader = [plain("reader", "kube-reader")];
      const [c, d] = await Promise.all([
        checkWith(reader, { session, name: "c" }),
        checkWith(reader, { session, name: "d", k3sVersion: "v1.35.1+k3s1" }),
      ]);
      expect([c.helmRuns, d.helmRuns]).toEqual([1, 1]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("given a release asking for one API version, keeps its cached result when an unrelated CRD is added", async () => {
    const dir = await mkdtemp(join(tmpdir(), "helix-chart-check-api-"));
    const session = () => chartCheckSession({ cacheDir: dir });
    try {
      const first = await checkWith([plain("asker", "asker")], { session: session() });
      expect([first.cachedReleases, first.objects]).toEqual([0, 0]);
      const widened = await checkWith([plain("asker", "asker"), widgetCrds], { session: session() });
      // One helm run: the new CRD chart's; the asker's result came from the cache.
      expect([widened.releases, widened.helmRuns]).toEqual([2, 1]);
      // Its answer changes once the cluster installs the CRD it asks for: templated again.
      const answered = await checkWith([plain("asker", "asker"), monitoringCrds], { session: session() });
      expect([answered.helmRuns, answered.objects]).toEqual([2, 2]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("given a chart that installs a CRD the component does not declare, asks for it in installsCrds", async () => {
    expect(lines(await check([plain("undeclared", "monitoring-crds")]))).toEqual([
      "test › @test/apps › undeclared › CustomResourceDefinition/servicemonitors.monitoring.coreos.com: the chart installs the CRD of monitoring.coreos.com/ServiceMonitor, which the component does not declare: add it to installsCrds (dependsOn is derived from it) [chart]",
    ]);
  });

  it("given a container the chart leaves without requests or memory limit, reports each missing resource", async () => {
    expect(lines(await check([demo({ values: { resources: { limits: { memory: null } } } })]))).toEqual([
      "test › @test/apps › demo › Deployment/apps/demo › /spec/template/spec/containers/0/resources/limits: container must set resources.limits.memory [chart]",
    ]);
  });
});
