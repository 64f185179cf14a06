import { FLUX_NAMESPACE, fluxKustomization, gitSource } from "../builders/flux.js";
import { namespace as namespaceObject } from "../builders/namespace.js";
import { deriveDependencies, type PlacedComponent } from "../graph/depends-on.js";
import { type ClusterFacts, STANDARD_NAMESPACES } from "../model/build-context.js";
import type { ClusterDefinition } from "../model/cluster.js";
import { compareCodePoints, compareEntryKeys } from "../model/code-point-order.js";
import type { Component } from "../model/component.js";
import {
  type KubeObject,
  objectId,
  type ResourceType,
  resourceTypeOf,
  toPlain,
} from "../model/kube-object.js";
import type { SecretRef } from "../model/secret-ref.js";
import { componentNameProblem, namespaceNameProblem } from "../validate/name-checks.js";
import type { Problem } from "../validate/problem.js";
import type { PlainObject } from "../validate/reference-rules.js";
import { isClusterScoped } from "../validate/resource-scope.js";
import { applyPatches } from "./apply-patches.js";
import { buildPackages } from "./build-packages.js";

/** Package name used for objects core adds itself (Flux root sync, namespaces, Kustomizations). */
export const CORE_PACKAGE = "@helix-cluster/core";

/** One object placed in the rendered tree. */
export interface PlacedObject {
  readonly packageName: string;
  readonly component?: string;
  /** Folder relative to the output root, "/"-separated. */
  readonly folder: string;
  readonly fileName: string;
  readonly type: ResourceType;
  readonly id: string;
  /** The original object (a Model instance keeps its class for validation). */
  readonly source: KubeObject;
  readonly object: PlainObject;
}

/** A SOPS-encrypted Secret file a component needs, copied into its folder. */
export interface PlacedSecret {
  readonly packageName: string;
  readonly component: string;
  readonly namespace: string;
  readonly ref: SecretRef;
  /** Path of the encrypted file relative to the cluster folder. */
  readonly sourcePath: string;
  readonly folder: string;
  readonly fileName: string;
}

/** A cluster turned into placed objects, ready for validation and serialisation. */
export interface AssembledCluster {
  readonly name: string;
  /** The components composed into the cluster, in package order. */
  readonly components: readonly Component[];
  /** The package of each component, by component name. */
  readonly componentPackages: ReadonlyMap<string, string>;
  readonly objects: readonly PlacedObject[];
  readonly secrets: readonly PlacedSecret[];
  /** Namespaces that exist without a rendered Namespace object. */
  readonly builtInNamespaces: readonly string[];
  /** Kustomize folders: folder → resources listed in its kustomization.yaml. */
  readonly folders: ReadonlyMap<string, readonly string[]>;
  /** What the components install, the namespaces and the handles provided: the packages' last build context. */
  readonly facts: ClusterFacts;
  readonly problems: readonly Problem[];
}

/** Path of a component's encrypted Secret inside the cluster folder. */
export function secretSourcePath(namespace: string, name: string): string {
  return `secrets/${namespace}/${name}.sops.yaml`;
}

/**
 * Builds every namespace package with the cluster settings and a stable build context (see
 * buildPackages), places each object in the folder layout Flux reads, adds the Namespaces, one Flux
 * Kustomization per component with derived dependsOn and the root sync. Build errors are
 * collected, not thrown.
 */
export function assembleCluster(cluster: ClusterDefinition): AssembledCluster {
  const ctx = { cluster: cluster.name };
  const built = buildPackages(cluster);
  const problems: Problem[] = [...built.problems];
  const namespaces = built.namespaces;

  const placedComponents: PlacedComponent[] = [];
  const componentOwner = new Map<string, string>();
  for (const { packageName, spec } of namespaces) {
    // Names become folders, Kubernetes names and label values: a bad one is reported here, once.
    const badNamespace = namespaceNameProblem(spec.name);
    if (badNamespace) problems.push({ ...ctx, layer: "input", package: packageName, message: badNamespace });
    for (const component of spec.components) {
      const badName = componentNameProblem(component.name);
      if (badName)
        problems.push({
          ...ctx,
          layer: "input",
          package: packageName,
          component: component.name,
          message: badName,
        });
      const owner = componentOwner.get(component.name);
      if (owner !== undefined) {
        problems.push({
          ...ctx,
          layer: "policy",
          package: packageName,
          component: component.name,
          message: `component name "${component.name}" is already used by ${owner}: Flux Kustomization names must be unique`,
        });
        continue;
      }
      componentOwner.set(component.name, `${packageName} (namespace ${spec.name})`);
      if (component.namespace !== spec.name) {
        problems.push({
          ...ctx,
          layer: "build",
          package: packageName,
          component: component.name,
          message: `component namespace "${component.namespace}" differs from its package namespace "${spec.name}"`,
        });
      }
      placedComponents.push({ packageName, component });
    }
  }
  const graph = deriveDependencies(placedComponents);
  for (const p of graph.problems) {
    problems.push({
      ...ctx,
      layer: p.layer,
      package: p.packageName,
      component: p.component,
      message: p.message,
    });
  }

  const basePath = cluster.settings.git.path ?? `./clusters/${cluster.name}/rendered`;
  const objects: PlacedObject[] = [];
  const secrets: PlacedSecret[] = [];
  const folders = new Map<string, string[]>();
  const addResource = (folder: string, resource: string): void => {
    folders.set(folder, [...(folders.get(folder) ?? []), resource]);
  };
  const place = (
    packageName: string,
    component: string | undefined,
    folder: string,
    source: KubeObject,
    fileName: string,
  ): void => {
    const object = toPlain(source);
    objects.push({
      packageName,
      component,
      folder,
      fileName,
      type: resourceTypeOf(source),
      id: objectId(object as unknown as KubeObject),
      source,
      object,
    });
    addResource(folder, `./${fileName}`);
  };

  // Root sync: the GitRepository and the Kustomization that applies the whole rendered tree.
  const declaresFlux = namespaces.some((n) => n.spec.name === FLUX_NAMESPACE);
  if (!declaresFlux)
    place(CORE_PACKAGE, undefined, FLUX_NAMESPACE, namespaceObject(FLUX_NAMESPACE), "namespace.yaml");
  const git = cluster.settings.git;
  place(
    CORE_PACKAGE,
    undefined,
    FLUX_NAMESPACE,
    gitSource({
      url: git.url,
      ...(git.branch ? { branch: git.branch } : {}),
      ...(git.secretName ? { secretName: git.secretName } : {}),
    }),
    "gitrepository.yaml",
  );
  place(
    CORE_PACKAGE,
    undefined,
    FLUX_NAMESPACE,
    fluxKustomization({ name: "cluster", path: basePath, interval: "10m", wait: false }),
    "ks-cluster.yaml",
  );

  const builtIn = new Set(STANDARD_NAMESPACES);
  for (const { packageName, spec } of namespaces) {
    if (spec.builtIn) builtIn.add(spec.name);
    else
      place(
        packageName,
        undefined,
        spec.name,
        namespaceObject(spec.name, { labels: spec.labels ?? {}, annotations: spec.annotations ?? {} }),
        "namespace.yaml",
      );
    for (const component of spec.components) {
      if (!placedComponents.some((p) => p.component === component)) continue;
      const folder = `${spec.name}/${component.name}`;
      placeComponent(packageName, component, folder, place, problems, ctx);
      for (const ref of component.secrets ?? []) {
        const ns = ref.namespace ?? component.namespace;
        const fileName = `secret-${ref.name}.sops.yaml`;
        secrets.push({
          packageName,
          component: component.name,
          namespace: ns,
          ref,
          sourcePath: secretSourcePath(ns, ref.name),
          folder,
          fileName,
        });
        addResource(folder, `./${fileName}`);
      }
      // The derived dependsOn already holds the component's explicit ones: it must not be replaced.
      const ks = fluxKustomization({
        ...component.kustomization,
        name: component.name,
        path: `${basePath}/${folder}`,
        dependsOn: graph.dependsOn.get(component.name) ?? [],
        healthChecks: component.healthChecks ?? [],
      });
      place(CORE_PACKAGE, component.name, spec.name, ks, `${component.name}/ks.yaml`);
    }
  }

  const namespaceFolders = [...new Set([FLUX_NAMESPACE, ...namespaces.map((n) => n.spec.name)])];
  for (const ns of namespaceFolders) addResource("", `./${ns}`);
  const sorted = new Map<string, string[]>();
  for (const [folder, resources] of [...folders].sort(compareEntryKeys)) {
    sorted.set(folder, folder === "" ? resources : [...new Set(resources)].sort(compareResources));
  }
  // The cluster's own patches, on the built objects: what is validated and written is the patched object.
  const patched = applyPatches(cluster.name, objects, cluster.patches ?? []);
  problems.push(...patched.problems);
  return {
    name: cluster.name,
    components: placedComponents.map((p) => p.component),
    componentPackages: new Map(placedComponents.map((p) => [p.component.name, p.packageName])),
    objects: patched.objects,
    secrets,
    builtInNamespaces: [...builtIn].sort(compareCodePoints),
    folders: sorted,
    facts: built.facts,
    problems,
  };
}

/** namespace.yaml first, then files, then subfolder entries; each group in code point order. */
function compareResources(a: string, b: string): number {
  const rank = (r: string): number => (r === "./namespace.yaml" ? 0 : r.slice(2).includes("/") ? 2 : 1);
  return rank(a) - rank(b) || compareCodePoints(a, b);
}

function placeComponent(
  packageName: string,
  component: Component,
  folder: string,
  place: (pkg: string, comp: string | undefined, folder: string, obj: KubeObject, file: string) => void,
  problems: Problem[],
  ctx: { cluster: string },
): void {
  const usedFiles = new Map<string, string>();
  for (const source of component.objects) {
    const type = resourceTypeOf(source);
    const meta = source.metadata ?? {};
    const clusterScoped = isClusterScoped(type);
    let obj = source;
    if (!clusterScoped && !meta.namespace) {
      obj = withNamespace(source, component.namespace);
    } else if (clusterScoped && meta.namespace) {
      problems.push({
        ...ctx,
        layer: "schema",
        package: packageName,
        component: component.name,
        object: objectId(source),
        path: "/metadata/namespace",
        message: `${type} is cluster-scoped and must not have a namespace`,
      });
    }
    const name = meta.name ?? "";
    const kind = source.kind.toLowerCase();
    const fileName = name === component.name ? `${kind}.yaml` : `${kind}-${name}.yaml`;
    const clash = usedFiles.get(fileName);
    if (clash) {
      problems.push({
        ...ctx,
        layer: "policy",
        package: packageName,
        component: component.name,
        object: objectId(obj),
        message: `file ${folder}/${fileName} is already taken by ${clash}`,
      });
      continue;
    }
    usedFiles.set(fileName, objectId(obj));
    place(packageName, component.name, folder, obj, fileName);
  }
}

/** The same object with a namespace set, keeping its class so it validates with the same model. */
function withNamespace(obj: KubeObject, ns: string): KubeObject {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(obj) as object) as KubeObject, obj);
  copy.metadata = { ...obj.metadata, namespace: ns };
  return copy;
}
