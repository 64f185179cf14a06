import {
  type BuildContext,
  type Contract,
  type DatabaseHandle,
  endpointHost,
  type Integration,
  type SecretSource,
  secretSource,
} from "@helix-cluster/core";
import type { HostPort } from "./options.js";

/** A database a component of this package connects to, resolved from a handle or an explicit option. */
export interface ResolvedDatabase {
  /** Host and port the client connects to. */
  readonly address: HostPort;
  /** The handle used (goes into the component's `uses`). @default undefined (explicit option) */
  readonly handle?: DatabaseHandle;
}

/** What a component asks for: a contract, which database or user, and the fallback option. */
export interface DatabaseRequest {
  readonly contract: Contract<DatabaseHandle>;
  /** Keeps the handles that fit (database name, user). */
  readonly matches: (handle: DatabaseHandle) => boolean;
  /** What it is, for the message: `MySQL database "grafana"`. */
  readonly what: string;
  /** The explicit option used when no handle fits. */
  readonly fallback: HostPort | undefined;
  /** The option's path, for the message: "dataPlane.mysql". */
  readonly optionPath: string;
}

/**
 * The handle some component provides that fits the request, else the explicit option, else
 * undefined (the caller reports it with `missingDatabases`).
 */
export function resolveDatabase(
  context: BuildContext,
  request: DatabaseRequest,
): ResolvedDatabase | undefined {
  const handle = context.provided(request.contract).find(request.matches);
  if (handle) {
    return {
      handle,
      address: { host: endpointHost(handle.endpoint, context.clusterDomain), port: handle.endpoint.port },
    };
  }
  return request.fallback ? { address: request.fallback } : undefined;
}

/**
 * The "databases" integration of a component: on when every database is found; each one missing is
 * a problem naming what to add or which option to set (validation lists them all).
 */
export function databasesIntegration(
  component: string,
  requests: readonly (readonly [DatabaseRequest, ResolvedDatabase | undefined])[],
): Integration {
  const missing = requests
    .filter(([, resolved]) => resolved === undefined)
    .map(
      ([r]) =>
        `${component} needs ${r.what}: add a package that provides ${r.contract.id} (e.g. @helix-cluster/data-plane) or set the monitoring option ${r.optionPath}`,
    );
  const via = requests.map(
    ([r, d]) => `${r.what} ${d?.handle ? "from a handle" : d ? `from option ${r.optionPath}` : "missing"}`,
  );
  return { name: "databases", enabled: true, reason: `on: ${via.join("; ")}`, missing };
}

/** The handles of the resolved databases, for the component's `uses`. */
export function usedHandles(...resolved: (ResolvedDatabase | undefined)[]): DatabaseHandle[] {
  return resolved.flatMap((d) => (d?.handle ? [d.handle] : []));
}

/** One source per credential: the handle's credentials Secret key copied into `key`, when a handle names one. */
export function passwordSource(
  resolved: ResolvedDatabase | undefined,
  key: string,
): SecretSource | undefined {
  const credentials = resolved?.handle?.credentials;
  return credentials ? secretSource(credentials, key) : undefined;
}
