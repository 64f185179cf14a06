import { readFile } from "node:fs/promises";
import { join } from "node:path";
import {
  assembleCluster,
  type ClusterSettings,
  defineCluster,
  defineNamespacePackage,
  helmComponent,
  NO_OPTIONS,
} from "@helix-cluster/core";
import { describe, expect, it } from "vitest";
import { glob } from "zx";
import { clusterDoc } from "./docs/cluster-doc.js";
import { clusterStatus } from "./docs/cluster-status.js";
import { dependencyGraph } from "./docs/mermaid.js";
import { SERVICES } from "./docs/services.js";
import { statusPage } from "./docs/status-page.js";

const root = join(import.meta.dirname, "..");

const settings: ClusterSettings = {
  domain: "example.test",
  distribution: "k3s",
  acmeEmail: "ops@example.test",
  git: { url: "https://git.example.test/platform.git" },
  sopsAgeRecipients: [],
};

/** Given a cluster with cert-manager (OCI chart), a classic-repository chart and a plain component. */
function sampleCluster() {
  const tools = defineNamespacePackage({
    packageName: "@test/tools",
    namespace: "tools",
    optionsSchema: NO_OPTIONS,
    components: () => [
      helmComponent({
        name: "cert-manager",
        namespace: "tools",
        chart: { oci: "oci://quay.io/jetstack/charts/cert-manager", version: "v1.21.1" },
      }),
      helmComponent({
        name: "extra",
        namespace: "tools",
        chart: { repository: "https://charts.example.test", chart: "extra-chart", version: "2.0.0" },
        kustomization: { dependsOn: ["cert-manager"] },
      }),
      {
        name: "plain",
        namespace: "tools",
        objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "plain" } }],
        integrations: [
          { name: "monitoring", enabled: false, reason: "auto: off, no component installs x/Y", missing: [] },
          { name: "certificates", enabled: true, reason: "on: option certificates is true", missing: [] },
        ],
      },
    ],
  });
  return defineCluster({ name: "sample", settings, namespaces: [tools()] });
}

describe("status page", () => {
  it("counts a service as configured when a component implementing it renders", () => {
    const status = clusterStatus(assembleCluster(sampleCluster()));
    const certManager = status.services.find((s) => s.spec.id === 1);
    expect(certManager?.configured).toBe(true);
    expect(certManager?.components.map((c) => c.charts)).toEqual([
      [{ chart: "cert-manager", version: "v1.21.1" }],
    ]);
    expect(status.services.filter((s) => s.configured)).toHaveLength(1);
    expect(status.services).toHaveLength(SERVICES.length);
  });

  it("lists components outside the service list as other, with their chart from either source kind", () => {
    const status = clusterStatus(assembleCluster(sampleCluster()));
    expect(status.other.map((c) => [c.name, c.packageName, c.charts])).toEqual([
      ["extra", "@test/tools", [{ chart: "extra-chart", version: "2.0.0" }]],
      ["plain", "@test/tools", []],
    ]);
    const page = statusPage(status);
    expect(page).toContain(
      "**1 of 34 services configured (3 %)** — 3 components, 2 of them outside the service list",
    );
    expect(page).toContain("| `extra` | @test/tools | tools | extra-chart | 2.0.0 |");
  });

  it("lists what scales, on what and between which bounds, pods and node pools, and who serves the metrics", () => {
    const scaling = defineNamespacePackage({
      packageName: "@test/scaling",
      namespace: "apps",
      optionsSchema: NO_OPTIONS,
      components: () => [
        {
          name: "web",
          namespace: "apps",
          objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web" } }],
          autoscaling: {
            pods: [
              {
                target: "Deployment/web",
                minReplicas: 2,
                maxReplicas: 8,
                utilization: { cpu: 70, memory: 80 },
                via: "chart",
              },
            ],
            nodes: [
              {
                engine: "karpenter",
                pool: "general",
                nodes: "on-demand EC2",
                limits: { cpu: "16", memory: "64Gi" },
              },
            ],
            servesResourceMetrics: true,
          },
        },
      ],
    });
    const page = statusPage(
      clusterStatus(assembleCluster(defineCluster({ name: "s", settings, namespaces: [scaling()] }))),
    );
    expect(page).toContain(
      "| apps | `Deployment/web` | `web` | 2–8 | cpu 70 %, memory 80 % | chart values |",
    );
    expect(page).toContain("| karpenter | `general` | on-demand EC2 | ≤ 16 CPU, ≤ 64Gi memory | — | `web` |");
    expect(page).toContain("Resource metrics (metrics.k8s.io, what every HPA reads) come from `web`.");
    expect(statusPage(clusterStatus(assembleCluster(sampleCluster())))).toContain(
      "No node pool autoscales: the cluster runs on its fixed nodes.",
    );
  });

  it("draws the Flux dependencies from the rendered Kustomizations", () => {
    const status = clusterStatus(assembleCluster(sampleCluster()));
    expect(dependencyGraph(status.components)).toBe(
      [
        "graph TD",
        '  subgraph ns0["tools"]',
        '    c0["cert-manager"]',
        '    c1["extra"]',
        '    c2["plain"]',
        "  end",
        "  c0 --> c1",
        "",
      ].join("\n"),
    );
  });

  it("lists each component's integrations, on or off, with the reason", () => {
    const page = statusPage(clusterStatus(assembleCluster(sampleCluster())));
    const section = page.slice(page.indexOf("## Integrations"), page.indexOf("## Flux dependencies"));
    expect(section).toContain("| `plain` | certificates | ✅ | on: option certificates is true |");
    expect(section).toContain("| `plain` | monitoring | — | auto: off, no component installs x/Y |");
    expect(section.indexOf("certificates")).toBeLessThan(section.indexOf("| monitoring"));
  });

  it("gives the same bytes on every run", () => {
    const a = statusPage(clusterStatus(assembleCluster(sampleCluster())));
    const b = statusPage(clusterStatus(assembleCluster(sampleCluster())));
    expect(a).toBe(b);
  });
});

describe("committed status pages", () => {
  it("equal a fresh render of every cluster (run `npm run docs` or `npm run render` if this fails)", async () => {
    const entries = (await glob("clusters/*/cluster.ts", { cwd: root })).sort();
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) {
      const doc = await clusterDoc(join(root, entry));
      const committed = await readFile(join(root, doc.path), "utf8").catch(() => "(missing)");
      expect(committed, doc.path).toBe(doc.content);
    }
  });
});
