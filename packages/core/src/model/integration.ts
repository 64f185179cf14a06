import type { BuildContext } from "./build-context.js";
import { type Contract, describeHandle, type Handle } from "./contracts.js";
import type { ResourceType } from "./kube-object.js";

/**
 * How a package option switches an integration with other packages (ServiceMonitors, Certificates,
 * sidecars, chaos targets…): "auto" turns it on when the cluster has what it needs, `true` asks for
 * it (validation fails naming what to add when the cluster lacks it), `false` leaves it out.
 */
export type IntegrationOption = "auto" | boolean;

/** What an integration needs from the cluster. Every need must hold for "auto" to turn it on. */
export interface IntegrationNeeds {
  /** Resource types some component must install (or Kubernetes serve). @default [] */
  readonly types?: readonly ResourceType[];
  /** Namespaces that must exist. @default [] */
  readonly namespaces?: readonly string[];
  /** Contracts some component must provide. @default [] */
  readonly contracts?: readonly Contract<Handle>[];
  /**
   * Particular handles some component must provide (matched by their key), e.g. the ClusterIssuer a
   * certificate annotation names: any issuer is not enough. @default []
   */
  readonly handles?: readonly Handle[];
}

/** An integration to resolve against the build context. */
export interface IntegrationRequest {
  /** Its name, as the status page lists it: "monitoring", "certificates", "chaos-targets"… */
  readonly name: string;
  /** The option the cluster passed. @default "auto" */
  readonly option?: IntegrationOption;
  /** Option path that switches it, for the message: "monitoring", "istio.sidecars". @default name */
  readonly optionPath?: string;
  /** What it needs. */
  readonly needs: IntegrationNeeds;
  /** What to add when it is missing, e.g. "@helix-cluster/monitoring". @default "a package that provides it" */
  readonly addHint?: string;
}

/** A resolved integration, recorded on the component (`Component.integrations`) and on the status page. */
export interface Integration {
  readonly name: string;
  readonly enabled: boolean;
  /** Why: "auto: the cluster has monitoring.coreos.com/ServiceMonitor", "off: option monitoring is false"… */
  readonly reason: string;
  /**
   * What the cluster lacks although the integration is on (the option said `true`), each with what
   * to do; validation reports one problem per entry. Empty when it is satisfied or off.
   */
  readonly missing: readonly string[];
}

/** Each need the context does not meet, as "no component installs X" / "namespace Y does not exist" / "no component provides Z". */
export function unmetNeeds(context: BuildContext, needs: IntegrationNeeds): string[] {
  return [
    ...(needs.types ?? []).filter((t) => !context.has(t)).map((t) => `no component installs ${t}`),
    ...(needs.namespaces ?? [])
      .filter((n) => !context.hasNamespace(n))
      .map((n) => `namespace "${n}" is not in the cluster`),
    ...(needs.contracts ?? [])
      .filter((c) => context.provided(c).length === 0)
      .map((c) => `no component provides ${c.id} (${c.description})`),
    ...(needs.handles ?? [])
      .filter((h) => !context.provides(h))
      .map((h) => `no component provides ${describeHandle(h)}`),
  ];
}

const needsText = (needs: IntegrationNeeds): string =>
  [
    ...(needs.types ?? []),
    ...(needs.namespaces ?? []).map((n) => `namespace ${n}`),
    ...(needs.contracts ?? []).map((c) => c.id),
    ...(needs.handles ?? []).map(describeHandle),
  ].join(", ") || "nothing";

/**
 * Resolves an integration option against what the cluster has: "auto" (the default) is on exactly
 * when every need is met; `true` is on, and each unmet need becomes a `missing` entry naming what
 * to add or which option to set to false; `false` is off.
 */
export function resolveIntegration(context: BuildContext, request: IntegrationRequest): Integration {
  const option = request.option ?? "auto";
  const path = request.optionPath ?? request.name;
  const unmet = unmetNeeds(context, request.needs);
  if (option === false)
    return { name: request.name, enabled: false, reason: `off: option ${path} is false`, missing: [] };
  if (option === true) {
    const add = request.addHint ?? "a package that provides it";
    return {
      name: request.name,
      enabled: true,
      reason: `on: option ${path} is true`,
      missing: unmet.map(
        (need) => `${request.name} integration is on but ${need}: add ${add} or set ${path}: false`,
      ),
    };
  }
  return unmet.length === 0
    ? {
        name: request.name,
        enabled: true,
        reason: `auto: the cluster has ${needsText(request.needs)}`,
        missing: [],
      }
    : { name: request.name, enabled: false, reason: `auto: off, ${unmet.join("; ")}`, missing: [] };
}

/** `types` when the integration is on (for a component's `usesCrds`), none when it is off. */
export function typesWhenEnabled(
  integration: Integration,
  ...types: readonly ResourceType[]
): ResourceType[] {
  return integration.enabled ? [...types] : [];
}
