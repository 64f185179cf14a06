import { parse } from "yaml";
import {
  BOOTSTRAP_DIGEST_ANNOTATION,
  K3S_VERSION_ANNOTATION,
  type ScalingResource,
} from "../model/autoscaling.js";
import { jsonAt, jsonList, jsonString } from "../model/json-path.js";
import type { JsonValue } from "../model/kube-object.js";
import { apiGroup } from "../model/kube-object.js";
import type { AssembledCluster, PlacedObject } from "../render/assemble.js";
import { secretSourcePath } from "../render/assemble.js";
import type { Problem } from "./problem.js";
import type { SecretFileContents } from "./secret-files.js";

const HPA = "autoscaling/HorizontalPodAutoscaler";
const SCALABLE = new Set(["apps/Deployment", "apps/StatefulSet", "apps/ReplicaSet"]);

/** The package a component came from, for problem context. */
function packageOf(assembled: AssembledCluster, component: string): { package?: string } {
  const name =
    assembled.objects.find((o) => o.component === component)?.packageName ??
    assembled.secrets.find((s) => s.component === component)?.packageName;
  return name === undefined ? {} : { package: name };
}

const metaOf = (o: PlacedObject): { name?: string; namespace?: string } =>
  (o.object.metadata ?? {}) as { name?: string; namespace?: string };

/** The resources (cpu, memory) an autoscaling/v2 HPA scales on by utilisation of requests. */
function scaledResources(hpa: PlacedObject): ScalingResource[] {
  const out: ScalingResource[] = [];
  for (const m of jsonList(jsonAt(hpa.object, "spec", "metrics"))) {
    const resource =
      jsonAt(m, "type") === "Resource" ? jsonAt(m, "resource") : jsonAt(m, "containerResource");
    const name = jsonString(jsonAt(resource, "name"));
    if ((name === "cpu" || name === "memory") && jsonAt(resource, "target", "type") === "Utilization")
      out.push(name);
  }
  return out;
}

/** Problems of one rendered HPA: its target exists, is scalable by replicas, and requests what it scales on. */
function checkRenderedHpa(
  hpa: PlacedObject,
  byKey: ReadonlyMap<string, PlacedObject>,
  fromChart: boolean,
  context: Omit<Problem, "layer" | "message" | "path">,
): Problem[] {
  const problems: Problem[] = [];
  const problem = (layer: Problem["layer"], path: string, message: string): void => {
    problems.push({ ...context, layer, path, message });
  };
  const ref = jsonAt(hpa.object, "spec", "scaleTargetRef");
  const kind = jsonString(jsonAt(ref, "kind")) ?? "";
  const name = jsonString(jsonAt(ref, "name")) ?? "";
  const group = apiGroup(jsonString(jsonAt(ref, "apiVersion")) ?? "");
  const type = group === "" ? kind : `${group}/${kind}`;
  const ns = metaOf(hpa).namespace;
  const min = jsonAt(hpa.object, "spec", "minReplicas") ?? 1;
  const max = jsonAt(hpa.object, "spec", "maxReplicas");
  if (typeof min === "number" && typeof max === "number" && (min < 1 || max < min))
    problem("policy", "/spec/maxReplicas", `needs 1 ≤ minReplicas ≤ maxReplicas, got ${min}..${max}`);
  if (!SCALABLE.has(type)) {
    problem(
      "policy",
      "/spec/scaleTargetRef",
      `scales ${type || "nothing"}: only Deployments, ReplicaSets and StatefulSets scale by replicas`,
    );
    return problems;
  }
  const target = byKey.get(`${type}|${ns ?? ""}|${name}`);
  if (!target) {
    if (!fromChart)
      problem(
        "reference",
        "/spec/scaleTargetRef",
        `scales ${kind} ${ns}/${name}, which is not rendered in this cluster`,
      );
    return problems;
  }
  if (
    type === "apps/StatefulSet" &&
    jsonList(jsonAt(target.object, "spec", "volumeClaimTemplates")).length > 0
  ) {
    problem(
      "policy",
      "/spec/scaleTargetRef",
      `scales StatefulSet ${ns}/${name}, whose pods each own a volume: its data does not scale by adding replicas, and scaling in strands volumes`,
    );
  }
  const containers = jsonList(jsonAt(target.object, "spec", "template", "spec", "containers"));
  for (const resource of scaledResources(hpa)) {
    containers.forEach((c: JsonValue, i) => {
      if (jsonAt(c, "resources", "requests", resource) === undefined) {
        problem(
          "policy",
          "/spec/metrics",
          `scales on ${resource} utilisation, but container "${jsonString(jsonAt(c, "name")) ?? i}" of ${target.id} requests no ${resource}: set resources.requests.${resource}`,
        );
      }
    });
  }
  return problems;
}

/** "v1.36.3+k3s1" → [1, 36]. */
function minorOf(version: string): [number, number] | undefined {
  const m = /^v?(\d+)\.(\d+)\./.exec(version);
  return m ? [Number(m[1]), Number(m[2])] : undefined;
}

/** Why nodes installing `made` may not join servers running `cluster`, or undefined when they may. */
function k3sSkewProblem(made: unknown, cluster: string): string | undefined {
  const have = typeof made === "string" ? minorOf(made) : undefined;
  const want = minorOf(cluster);
  if (!have || !want) return `names no k3s release its nodes install (${K3S_VERSION_ANNOTATION})`;
  const lag = (want[0] - have[0]) * 1000 + (want[1] - have[1]);
  if (lag < 0) return `its nodes would install k3s ${String(made)}, newer than the servers' ${cluster}`;
  if (lag > 1)
    return `its nodes would install k3s ${String(made)}, more than one minor behind the servers' ${cluster}`;
  return undefined;
}

/** Problems of the Secrets whose plain digest must match what the code renders now. */
function checkBootstrapDigests(assembled: AssembledCluster, secretFiles: SecretFileContents): Problem[] {
  const problems: Problem[] = [];
  for (const component of assembled.components) {
    for (const digest of component.autoscaling?.bootstrapSecrets ?? []) {
      const ns = digest.namespace ?? component.namespace;
      const path = secretSourcePath(ns, digest.name);
      const context = {
        cluster: assembled.name,
        ...packageOf(assembled, component.name),
        component: component.name,
        object: `Secret/${ns}/${digest.name}`,
      };
      const declared = (component.secrets ?? []).some(
        (s) => s.name === digest.name && (s.namespace ?? component.namespace) === ns,
      );
      if (!declared) {
        problems.push({
          ...context,
          layer: "reference",
          message: `is not a secretRef of component ${component.name}: declare it`,
        });
        continue;
      }
      const text = secretFiles.get(path);
      // A missing or unreadable file is already reported by the secret file check.
      if (text === undefined) continue;
      const doc = parse(text) as { metadata?: { annotations?: Record<string, unknown> } } | null;
      const skew = digest.k3sVersion
        ? k3sSkewProblem(doc?.metadata?.annotations?.[K3S_VERSION_ANNOTATION], digest.k3sVersion)
        : undefined;
      if (skew)
        problems.push({
          ...context,
          layer: "secret",
          path: `/metadata/annotations/${K3S_VERSION_ANNOTATION.replace("/", "~1")}`,
          message: `${path}: ${skew}: regenerate it with \`${digest.regenerate}\``,
        });
      const found = doc?.metadata?.annotations?.[BOOTSTRAP_DIGEST_ANNOTATION];
      if (found !== digest.sha256) {
        problems.push({
          ...context,
          layer: "secret",
          path: `/metadata/annotations/${BOOTSTRAP_DIGEST_ANNOTATION.replace("/", "~1")}`,
          message: `${path} was made from other bootstrap content than the code renders now (${BOOTSTRAP_DIGEST_ANNOTATION} ${typeof found === "string" ? found.slice(0, 12) : "missing"}…, expected ${digest.sha256.slice(0, 12)}…): regenerate it with \`${digest.regenerate}\``,
        });
      }
    }
  }
  return problems;
}

/**
 * Autoscaling rules: every HorizontalPodAutoscaler rendered as an object scales a rendered
 * Deployment, ReplicaSet or StatefulSet (never one whose pods own volumes) whose containers request
 * what it scales on (or, declared so, one its component's own chart creates); declared autoscaling has sane bounds and never targets a StatefulSet; a cluster
 * with any HPA has a component serving the resource metrics API; bootstrap Secrets match the
 * content they were made from. HPAs that charts create from their values are declared by their
 * components; what the chart templates from them is the chart check's to verify.
 */
export function checkAutoscaling(assembled: AssembledCluster, secretFiles: SecretFileContents): Problem[] {
  const problems: Problem[] = [];
  const byKey = new Map<string, PlacedObject>();
  for (const o of assembled.objects)
    byKey.set(`${o.type}|${metaOf(o).namespace ?? ""}|${metaOf(o).name ?? ""}`, o);
  const hpas = assembled.objects.filter((o) => o.type === HPA);
  for (const hpa of hpas) {
    // A workload of the component's own chart, declared as such: the chart check sees it, not us.
    const ref = `${jsonAt(hpa.object, "spec", "scaleTargetRef", "kind")}/${jsonAt(hpa.object, "spec", "scaleTargetRef", "name")}`;
    const declared = assembled.components.find((c) => c.name === hpa.component)?.autoscaling?.pods ?? [];
    const fromChart =
      declared.some((p) => p.via === "object" && p.targetFromChart === true && p.target === ref) &&
      assembled.objects.some(
        (o) => o.component === hpa.component && o.type === "helm.toolkit.fluxcd.io/HelmRelease",
      );
    problems.push(
      ...checkRenderedHpa(hpa, byKey, fromChart, {
        cluster: assembled.name,
        package: hpa.packageName,
        ...(hpa.component ? { component: hpa.component } : {}),
        object: hpa.id,
      }),
    );
  }
  let declared = 0;
  for (const component of assembled.components) {
    for (const pods of component.autoscaling?.pods ?? []) {
      declared += 1;
      const context = {
        cluster: assembled.name,
        ...packageOf(assembled, component.name),
        component: component.name,
        object: pods.target,
      };
      if (pods.minReplicas < 1 || pods.maxReplicas < pods.minReplicas)
        problems.push({
          ...context,
          layer: "policy",
          message: `autoscaling needs 1 ≤ minReplicas ≤ maxReplicas, got ${pods.minReplicas}..${pods.maxReplicas}`,
        });
      if (Object.keys(pods.utilization).length === 0)
        problems.push({ ...context, layer: "policy", message: "autoscaling names no resource to scale on" });
      if (pods.target.startsWith("StatefulSet/"))
        problems.push({
          ...context,
          layer: "policy",
          message: "autoscales a StatefulSet: its pods own their data, which adding replicas does not spread",
        });
      if (pods.via === "object") {
        const [kind, name] = pods.target.split("/");
        const ns = pods.namespace ?? component.namespace;
        const rendered = hpas.some(
          (h) =>
            h.component === component.name &&
            jsonAt(h.object, "spec", "scaleTargetRef", "kind") === kind &&
            jsonAt(h.object, "spec", "scaleTargetRef", "name") === name &&
            metaOf(h).namespace === ns,
        );
        if (!rendered)
          problems.push({
            ...context,
            layer: "reference",
            message:
              "is declared as autoscaled by an object of the component, which renders no HorizontalPodAutoscaler for it",
          });
      }
    }
  }
  const serves = assembled.components.some((c) => c.autoscaling?.servesResourceMetrics === true);
  if ((hpas.length > 0 || declared > 0) && !serves) {
    const first = hpas[0];
    problems.push({
      cluster: assembled.name,
      layer: "reference",
      ...(first ? { package: first.packageName, object: first.id } : {}),
      message: `${hpas.length + declared} HorizontalPodAutoscaler(s) read the resource metrics API (metrics.k8s.io), but no component serves it: enable metrics-server`,
    });
  }
  problems.push(...checkBootstrapDigests(assembled, secretFiles));
  return problems;
}
