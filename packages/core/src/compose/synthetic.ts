// Small synthetic packages for the composition tests: a provider of a Service endpoint and an
// ingress class, and consumers that read the build context.
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { Service } from "kubernetes-models/v1/Service";
import type { BuildContext } from "../model/build-context.js";
import { defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import type { Component } from "../model/component.js";
import type { NamespacePackage } from "../model/namespace-package.js";

/** Neutral settings of a two-node cluster. */
export const settings: ClusterSettings = {
  domain: "example.org",
  distribution: "k3s",
  acmeEmail: "ops@example.org",
  git: { url: "https://git.example.org/platform.git" },
  sopsAgeRecipients: [],
};

/** A package of one namespace whose components come from the build context. */
export function contextPackage(
  packageName: string,
  namespace: string,
  components: (context: BuildContext) => readonly Component[],
): NamespacePackage {
  return {
    packageName,
    build: (_settings, context) => [{ name: namespace, components: components(context) }],
  };
}

/** A Service with one port. */
export function service(name: string, port: number): Service {
  return new Service({
    metadata: { name },
    spec: { ports: [{ name: "http", port }], selector: { app: name } },
  });
}

/** A ConfigMap holding one value. */
export function configMap(name: string, value: string): ConfigMap {
  return new ConfigMap({ metadata: { name }, data: { value } });
}

/** A cluster named "compose" of the given packages. */
export const cluster = (...namespaces: NamespacePackage[]) =>
  defineCluster({ name: "compose", settings, namespaces });
