// The `// renovate:` hints beside every pin are only useful if Renovate's regex manager
// (renovate.json) captures them: every hint, and every chart and image the clusters render.
import { readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { readTree } from "@helix-cluster/core/internal";
import { beforeAll, describe, expect, it } from "vitest";
import { parseAllDocuments } from "yaml";
import { type Pin, regexManagers, scanPins } from "./renovate/pins.js";

const root = resolve(import.meta.dirname, "..");

interface K8sObject {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: Record<string, unknown>;
}

async function renderedObjects(): Promise<K8sObject[]> {
  const objects: K8sObject[] = [];
  for (const cluster of readdirSync(join(root, "clusters"))) {
    const tree = await readTree(join(root, "clusters", cluster, "rendered")).catch(() => new Map());
    for (const [file, text] of tree) {
      if (!file.endsWith(".yaml") || file.endsWith(".sops.yaml")) continue;
      for (const doc of parseAllDocuments(text as string)) objects.push(doc.toJS() as K8sObject);
    }
  }
  return objects;
}

/** Every `image: "<name>:<tag>"` string anywhere in an object. */
function imagesIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) imagesIn(v, out);
  else if (value && typeof value === "object")
    for (const [k, v] of Object.entries(value)) {
      if (k === "image" && typeof v === "string") out.push(v);
      else imagesIn(v, out);
    }
  return out;
}

/**
 * Charts released together under one version constant, pinned (and bumped) through one hint:
 * chart location prefix → the chart whose hint carries the version.
 */
const SHARED_RELEASES: ReadonlyMap<string, string> = new Map([
  // ISTIO_VERSION: base, cni, istiod and gateway must move together.
  ["registry.istio.io/release/charts/", "registry.istio.io/release/charts/base"],
  // FLUX_OPERATOR_VERSION: the operator's release publishes the flux-instance chart too.
  [
    "ghcr.io/controlplaneio-fluxcd/charts/flux-instance",
    "ghcr.io/controlplaneio-fluxcd/charts/flux-operator",
  ],
]);

const leadOf = (chart: string): string =>
  [...SHARED_RELEASES].find(([prefix]) => chart.startsWith(prefix))?.[1] ?? chart;

const trimSlash = (url: string): string => url.replace(/\/+$/, "");

describe("Renovate's regex manager", () => {
  let pins: Pin[];
  let objects: K8sObject[];
  beforeAll(async () => {
    pins = scanPins(root).flatMap((f) => f.pins);
    objects = await renderedObjects();
  });

  it("captures every `renovate:` hint, each with a datasource, a name and a version", () => {
    const files = scanPins(root);
    expect(files.length).toBeGreaterThan(20);
    for (const f of files) expect(f.pins.length, `${f.file}: hints Renovate does not capture`).toBe(f.hints);
    expect(pins.length).toBeGreaterThan(30);
    for (const pin of pins) {
      expect(["docker", "helm", "github-releases"], `${pin.file} ${pin.depName}`).toContain(pin.datasource);
      expect(pin.currentValue, `${pin.file} ${pin.depName}`).toMatch(/^v?\d+(\.\d+)*([-+][\w.+-]+)?$/);
      if (pin.datasource === "helm")
        expect(pin.registryUrl, `${pin.file} ${pin.depName}`).toMatch(/^https:\/\//);
    }
  });

  it("does not capture a hint whose next line holds no pinned string", () => {
    const [manager] = regexManagers(root);
    const re = manager?.matches[0] ?? /$^/;
    const text = "// renovate: datasource=docker depName=example/app\nconst tag = computeTag();\n";
    expect([...text.matchAll(new RegExp(re.source, "g"))]).toHaveLength(0);
  });

  it("covers every chart version the clusters render", () => {
    const helmRepos = new Map(
      objects
        .filter((o) => o.kind === "HelmRepository")
        .map((o) => [`${o.metadata?.namespace}/${o.metadata?.name}`, String(o.spec?.url)]),
    );
    let charts = 0;
    for (const o of objects) {
      const where = `${o.kind}/${o.metadata?.namespace}/${o.metadata?.name}`;
      if (o.kind === "OCIRepository") {
        const url = String(o.spec?.url).replace(/^oci:\/\//, "");
        const tag = (o.spec?.ref as { tag?: string } | undefined)?.tag;
        // registry-1.docker.io is Docker Hub; Renovate names it docker.io.
        const names = [leadOf(url), url.replace(/^registry-1\.docker\.io\//, "docker.io/")];
        expect(
          pins.some((p) => p.datasource === "docker" && names.includes(p.depName) && p.currentValue === tag),
          `${where}: ${url}:${tag} has no renovate hint`,
        ).toBe(true);
        charts++;
      }
      if (o.kind === "HelmRelease") {
        const spec = (
          o.spec?.chart as
            | {
                spec?: {
                  chart?: string;
                  version?: string;
                  sourceRef?: { name?: string; namespace?: string };
                };
              }
            | undefined
        )?.spec;
        if (!spec) continue;
        const repo = helmRepos.get(
          `${spec.sourceRef?.namespace ?? o.metadata?.namespace}/${spec.sourceRef?.name}`,
        );
        expect(repo, `${where}: HelmRepository`).toBeDefined();
        expect(
          pins.some(
            (p) =>
              p.datasource === "helm" &&
              p.depName === spec.chart &&
              trimSlash(p.registryUrl ?? "") === trimSlash(repo ?? "") &&
              p.currentValue === spec.version,
          ),
          `${where}: chart ${spec.chart} ${spec.version} from ${repo} has no renovate hint`,
        ).toBe(true);
        charts++;
      }
    }
    expect(charts).toBeGreaterThan(30);
  });

  it("covers every container image tag the clusters render outside chart defaults", () => {
    // A k3s upgrade Plan names its images (upgrade, prepare) without a tag: the controller
    // appends spec.version.
    const plans = objects.filter((o) => o.kind === "Plan");
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of plans)
      expect(
        pins.some((p) => p.depName === "k3s-io/k3s" && p.currentValue === plan.spec?.version),
        `Plan/${plan.metadata?.name}: k3s ${String(plan.spec?.version)} has no renovate hint`,
      ).toBe(true);
    // A LinodeMachineTemplate's image is a Linode disk image ("linode/ubuntu24.04"), not a container.
    const withoutPlanImages = objects
      .filter((o) => o.kind !== "LinodeMachineTemplate")
      .map((o) =>
        o.kind === "Plan" ? { ...o, spec: { ...o.spec, upgrade: undefined, prepare: undefined } } : o,
      );
    const images = [...new Set(withoutPlanImages.flatMap((o) => imagesIn(o)))].sort();
    expect(images.length).toBeGreaterThan(5);
    for (const image of images) {
      const at = image.lastIndexOf(":");
      const [name, tag] = [image.slice(0, at), image.slice(at + 1)];
      expect(
        pins.some((p) => p.datasource === "docker" && p.depName === name && p.currentValue === tag),
        `image ${image} has no renovate hint`,
      ).toBe(true);
    }
  });
});
