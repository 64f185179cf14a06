/*
 * Typed contracts between packages. Core defines the vocabulary (what kinds of things one package
 * provides and another uses), never the names: a provider component lists the handles it provides
 * (`provides`), a consumer the handles it uses (`uses`), and validation resolves every use to a
 * provider of the cluster. The handle types are plain data, so a package factory can return them
 * and a cluster can wire them by hand.
 */

/** A network endpoint of a Kubernetes Service: `<scheme>://<service>.<namespace>.svc.<domain>:<port><path>`. */
export interface ServiceEndpoint {
  readonly kind: "service-endpoint";
  /** Id of the contract it fulfils, e.g. "prometheus-api". */
  readonly contract: string;
  readonly namespace: string;
  /** Name of the Service. */
  readonly service: string;
  readonly port: number;
  /** URL scheme: "http", "https", "grpc", "mysql", "postgres", "redis", "amqp"… */
  readonly scheme: string;
  /** Path the URL ends with, e.g. "/loki/api/v1/push". @default "" */
  readonly path?: string;
}

/** An ingress class (`networking.k8s.io/IngressClass`) a controller serves. */
export interface IngressClassHandle {
  readonly kind: "ingress-class";
  readonly contract: string;
  /** The class name Ingresses set in `spec.ingressClassName`. */
  readonly name: string;
}

/** A cert-manager ClusterIssuer Certificates and `cert-manager.io/cluster-issuer` annotations name. */
export interface ClusterIssuerHandle {
  readonly kind: "cluster-issuer";
  readonly contract: string;
  readonly name: string;
}

/** One key of a Secret. */
export interface SecretKeyHandle {
  readonly namespace: string;
  /** Name of the Secret. */
  readonly name: string;
  readonly key: string;
}

/** A database, queue or cache a data service offers one client: where, which, who, and the password's Secret. */
export interface DatabaseHandle {
  readonly kind: "database";
  readonly contract: string;
  readonly endpoint: Omit<ServiceEndpoint, "kind" | "contract">;
  /** Database, schema, vhost… @default undefined (the service has one, e.g. Redis) */
  readonly database?: string;
  /** User the client logs in as. @default undefined (password only) */
  readonly user?: string;
  /** The Secret key holding the client's password, in the provider's namespace. @default undefined */
  readonly credentials?: SecretKeyHandle;
}

/** Anything a component provides or uses. */
export type Handle = ServiceEndpoint | IngressClassHandle | ClusterIssuerHandle | DatabaseHandle;

/** A kind of thing packages exchange, with the handle type that carries it. */
export interface Contract<H extends Handle = Handle> {
  /** Stable id, e.g. "prometheus-api"; named in every problem. */
  readonly id: string;
  /** The handle type: what `provided()` returns. */
  readonly handle: H["kind"];
  /** What it is, for messages: "the Prometheus HTTP API". */
  readonly description: string;
}

/** Declares a contract kind (a package may declare its own beyond core's). */
export function defineContract<H extends Handle>(
  id: string,
  handle: H["kind"],
  description: string,
): Contract<H> {
  return Object.freeze({ id, handle, description });
}

/** An ingress class a controller serves. */
export const INGRESS_CLASS = defineContract<IngressClassHandle>(
  "ingress-class",
  "ingress-class",
  "an ingress class",
);
/** A cert-manager ClusterIssuer. */
export const CLUSTER_ISSUER = defineContract<ClusterIssuerHandle>(
  "cluster-issuer",
  "cluster-issuer",
  "a cert-manager ClusterIssuer",
);
/** Prometheus' HTTP API (queries, and its UI). */
export const PROMETHEUS_API = defineContract<ServiceEndpoint>(
  "prometheus-api",
  "service-endpoint",
  "the Prometheus HTTP API",
);
/** Alertmanager's API (v2), where alert senders post. */
export const ALERTMANAGER_API = defineContract<ServiceEndpoint>(
  "alertmanager-api",
  "service-endpoint",
  "the Alertmanager API",
);
/** Loki's push API, for log senders. */
export const LOKI_PUSH = defineContract<ServiceEndpoint>(
  "loki-push",
  "service-endpoint",
  "the Loki push API",
);
/** Loki's query base URL. */
export const LOKI_QUERY = defineContract<ServiceEndpoint>(
  "loki-query",
  "service-endpoint",
  "the Loki query API",
);
/** OTLP over gRPC, for applications' traces, metrics and logs. */
export const OTLP_GRPC = defineContract<ServiceEndpoint>(
  "otlp-grpc",
  "service-endpoint",
  "an OTLP gRPC receiver",
);
/** OTLP over HTTP. */
export const OTLP_HTTP = defineContract<ServiceEndpoint>(
  "otlp-http",
  "service-endpoint",
  "an OTLP HTTP receiver",
);
/** Tempo's query base URL. */
export const TEMPO_QUERY = defineContract<ServiceEndpoint>(
  "tempo-query",
  "service-endpoint",
  "the Tempo query API",
);
/** Pyroscope's base URL (push and query). */
export const PYROSCOPE = defineContract<ServiceEndpoint>(
  "pyroscope",
  "service-endpoint",
  "the Pyroscope API",
);
/** Mimir's Prometheus remote-write endpoint. */
export const MIMIR_REMOTE_WRITE = defineContract<ServiceEndpoint>(
  "mimir-remote-write",
  "service-endpoint",
  "the Mimir remote-write endpoint",
);
/** Mimir's Prometheus-compatible query base URL. */
export const MIMIR_QUERY = defineContract<ServiceEndpoint>(
  "mimir-query",
  "service-endpoint",
  "the Mimir query API",
);
/** A MySQL database. */
export const MYSQL = defineContract<DatabaseHandle>("mysql", "database", "a MySQL database");
/** A PostgreSQL database. */
export const POSTGRES = defineContract<DatabaseHandle>("postgres", "database", "a PostgreSQL database");
/** A Redis cache. */
export const REDIS = defineContract<DatabaseHandle>("redis", "database", "a Redis server");
/** A RabbitMQ virtual host. */
export const RABBITMQ = defineContract<DatabaseHandle>("rabbitmq", "database", "a RabbitMQ vhost");

/** A Service endpoint handle fulfilling `contract`. */
export function serviceEndpoint(
  contract: Contract<ServiceEndpoint>,
  endpoint: Omit<ServiceEndpoint, "kind" | "contract">,
): ServiceEndpoint {
  return Object.freeze({ kind: "service-endpoint", contract: contract.id, ...endpoint });
}

/** An ingress class handle. */
export function ingressClass(
  name: string,
  contract: Contract<IngressClassHandle> = INGRESS_CLASS,
): IngressClassHandle {
  return Object.freeze({ kind: "ingress-class", contract: contract.id, name });
}

/** A ClusterIssuer handle. */
export function clusterIssuer(
  name: string,
  contract: Contract<ClusterIssuerHandle> = CLUSTER_ISSUER,
): ClusterIssuerHandle {
  return Object.freeze({ kind: "cluster-issuer", contract: contract.id, name });
}

/** A database handle fulfilling `contract` (MYSQL, POSTGRES, REDIS, RABBITMQ…). */
export function databaseHandle(
  contract: Contract<DatabaseHandle>,
  database: Omit<DatabaseHandle, "kind" | "contract">,
): DatabaseHandle {
  return Object.freeze({ kind: "database", contract: contract.id, ...database });
}

/** True when `handle` fulfils `contract`; narrows it to the contract's handle type. */
export function fulfils<H extends Handle>(handle: Handle, contract: Contract<H>): handle is H {
  return handle.contract === contract.id && handle.kind === contract.handle;
}

/**
 * The identity of a handle: two handles with the same key are the same thing (a use resolves to
 * the provider with its key). An endpoint is its contract, namespace, Service and port; a database
 * also its database and user; a class or issuer its name.
 */
export function handleKey(handle: Handle): string {
  switch (handle.kind) {
    case "service-endpoint":
      return `${handle.contract}|${handle.namespace}/${handle.service}:${handle.port}`;
    case "database": {
      const e = handle.endpoint;
      return `${handle.contract}|${e.namespace}/${e.service}:${e.port}|${handle.database ?? ""}|${handle.user ?? ""}`;
    }
    default:
      return `${handle.contract}|${handle.name}`;
  }
}

/** A handle as problems name it: `prometheus-api monitoring/prometheus:9090`, `ingress-class "internal"`. */
export function describeHandle(handle: Handle): string {
  switch (handle.kind) {
    case "service-endpoint":
      return `${handle.contract} ${handle.namespace}/${handle.service}:${handle.port}`;
    case "database": {
      const e = handle.endpoint;
      const what = [
        handle.database && `database "${handle.database}"`,
        handle.user && `user "${handle.user}"`,
      ]
        .filter(Boolean)
        .join(" ");
      return `${handle.contract} ${e.namespace}/${e.service}:${e.port}${what ? ` ${what}` : ""}`;
    }
    default:
      return `${handle.contract} "${handle.name}"`;
  }
}

/** In-cluster DNS name of an endpoint's Service: `<service>.<namespace>.svc.<clusterDomain>`. */
export function endpointHost(
  endpoint: Pick<ServiceEndpoint, "namespace" | "service">,
  clusterDomain: string,
): string {
  return `${endpoint.service}.${endpoint.namespace}.svc.${clusterDomain}`;
}

/** `host:port` of an endpoint (gRPC clients, database drivers). */
export function endpointAddress(
  endpoint: Pick<ServiceEndpoint, "namespace" | "service" | "port">,
  clusterDomain: string,
): string {
  return `${endpointHost(endpoint, clusterDomain)}:${endpoint.port}`;
}

/** The URL of an endpoint: `<scheme>://<service>.<namespace>.svc.<clusterDomain>:<port><path>`. */
export function endpointUrl(
  endpoint: Pick<ServiceEndpoint, "namespace" | "service" | "port" | "scheme" | "path">,
  clusterDomain: string,
): string {
  return `${endpoint.scheme}://${endpointAddress(endpoint, clusterDomain)}${endpoint.path ?? ""}`;
}
