import { NAMESPACE } from "./options.js";

/** A Service address parsed from an in-cluster URL. */
export interface ServiceAddress {
  readonly name: string;
  readonly namespace: string;
  readonly port: number;
}

/** Service name, namespace and port of "http://<svc>.<ns>.svc.cluster.local:<port>/…". */
export function serviceAddress(url: string): ServiceAddress {
  const u = new URL(url);
  const [name, namespace] = u.hostname.split(".");
  if (!name || !namespace) throw new Error(`not an in-cluster Service URL: ${url}`);
  const port = u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80;
  return { name, namespace, port };
}

/** Fully qualified DNS name of a Service of the monitoring namespace. */
export function serviceHost(name: string): string {
  return `${name}.${NAMESPACE}.svc.cluster.local`;
}
