import { isPlatformType } from "../validate/resource-scope.js";
import { clusterDomainOf } from "./cluster-domain.js";
import type { ClusterSettings } from "./cluster-settings.js";
import { compareCodePoints } from "./code-point-order.js";
import {
  type Contract,
  endpointUrl,
  fulfils,
  type Handle,
  handleKey,
  type ServiceEndpoint,
} from "./contracts.js";
import type { ResourceType } from "./kube-object.js";

/**
 * What a package knows of the cluster it is built for, besides its settings: its name and domain,
 * which resource types and namespaces it has, and the handles its components provide. Core builds
 * every package until what they install and provide no longer changes, so a package reads here what
 * the others install, never by importing them. A package never throws for a missing integration: it
 * leaves it out ("auto") or declares it and lets validation report what to add.
 */
export interface BuildContext {
  /** The cluster's name (as in `defineCluster`), e.g. to mark what this cluster owns outside it. */
  readonly clusterName: string;
  /** DNS domain of in-cluster Service names (`settings.clusterDomain`, default "cluster.local"). */
  readonly clusterDomain: string;
  /** Every namespace of the cluster (rendered and built-in), in code point order. */
  readonly namespaces: readonly string[];
  /** True when a component of the cluster installs this resource type's CRD, or Kubernetes or Flux serves it. */
  has(type: ResourceType): boolean;
  /** True when the namespace exists in the cluster (a package renders it, or it is built in). */
  hasNamespace(name: string): boolean;
  /** Every handle of this contract the cluster's components provide, in code point order of their keys. */
  provided<H extends Handle>(contract: Contract<H>): readonly H[];
  /**
   * True when some component of the cluster provides this particular handle (same key: contract
   * and name, or endpoint and database), e.g. the ClusterIssuer an annotation names.
   */
  provides(handle: Handle): boolean;
  /** The URL of an endpoint with this cluster's domain. */
  url(endpoint: Pick<ServiceEndpoint, "namespace" | "service" | "port" | "scheme" | "path">): string;
}

/** What the components of a cluster install and provide: one pass of the build, input of the next. */
export interface ClusterFacts {
  /** Resource types whose CRDs some component installs. */
  readonly types: readonly ResourceType[];
  /** Namespaces of the cluster, rendered or built in. */
  readonly namespaces: readonly string[];
  /** Handles the components provide, by key. */
  readonly handles: readonly Handle[];
}

/** Namespaces every Kubernetes cluster has. */
export const STANDARD_NAMESPACES: readonly string[] = [
  "default",
  "kube-node-lease",
  "kube-public",
  "kube-system",
];

/** The facts of a cluster nothing is known of yet: only what Kubernetes itself has. */
export const NO_FACTS: ClusterFacts = Object.freeze({
  types: [],
  namespaces: [...STANDARD_NAMESPACES],
  handles: [],
});

/** Facts in canonical order, duplicates dropped, so two passes compare as text. */
export function normaliseFacts(facts: ClusterFacts): ClusterFacts {
  const handles = new Map<string, Handle>();
  for (const h of facts.handles) if (!handles.has(handleKey(h))) handles.set(handleKey(h), h);
  return {
    types: [...new Set(facts.types)].sort(compareCodePoints),
    namespaces: [...new Set([...STANDARD_NAMESPACES, ...facts.namespaces])].sort(compareCodePoints),
    handles: [...handles].sort(([a], [b]) => compareCodePoints(a, b)).map(([, h]) => h),
  };
}

/** A stable text of the facts: equal texts, equal facts. */
export function factsFingerprint(facts: ClusterFacts): string {
  const n = normaliseFacts(facts);
  return JSON.stringify([n.types, n.namespaces, n.handles.map(handleKey)]);
}

/** The build context of a cluster with the given facts. */
export function buildContextOf(
  clusterName: string,
  settings: Pick<ClusterSettings, "clusterDomain">,
  facts: ClusterFacts = NO_FACTS,
): BuildContext {
  const n = normaliseFacts(facts);
  const types = new Set(n.types);
  const namespaces = new Set(n.namespaces);
  const clusterDomain = clusterDomainOf(settings);
  const handleKeys = new Set(n.handles.map(handleKey));
  return Object.freeze({
    clusterName,
    clusterDomain,
    namespaces: n.namespaces,
    has: (type: ResourceType) => types.has(type) || isPlatformType(type),
    hasNamespace: (name: string) => namespaces.has(name),
    provided: <H extends Handle>(contract: Contract<H>): readonly H[] =>
      n.handles.filter((h): h is H => fulfils(h, contract)),
    provides: (handle: Handle) => handleKeys.has(handleKey(handle)),
    url: (endpoint: Pick<ServiceEndpoint, "namespace" | "service" | "port" | "scheme" | "path">) =>
      endpointUrl(endpoint, clusterDomain),
  });
}
