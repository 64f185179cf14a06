import { describe, expect, it } from "vitest";
import { buildContextOf } from "../testing/index.js";
import {
  clusterIssuer,
  databaseHandle,
  ingressClass,
  MYSQL,
  PROMETHEUS_API,
  serviceEndpoint,
} from "./contracts.js";

const prometheus = (port: number) =>
  serviceEndpoint(PROMETHEUS_API, { namespace: "metrics", service: "prometheus", port, scheme: "http" });

const grafanaDatabase = (database: string) =>
  databaseHandle(MYSQL, {
    endpoint: { namespace: "data", service: "mysql", port: 3306, scheme: "mysql" },
    database,
    user: database,
    credentials: { namespace: "data", name: `mysql-user-${database}`, key: "password" },
  });

describe("BuildContext.provides", () => {
  // Given a cluster whose components provide an issuer, an endpoint and a database
  const context = buildContextOf(
    "edge",
    {},
    {
      types: [],
      namespaces: [],
      handles: [clusterIssuer("internal-ca"), prometheus(9090), grafanaDatabase("grafana")],
    },
  );

  it("given an equal handle built anew, when asked, then it is provided", () => {
    expect(context.provides(clusterIssuer("internal-ca"))).toBe(true);
    expect(context.provides(prometheus(9090))).toBe(true);
    expect(context.provides(grafanaDatabase("grafana"))).toBe(true);
  });

  it("given a handle that differs in name, contract, port or database, when asked, then it is not provided", () => {
    expect(context.provides(clusterIssuer("letsencrypt-production"))).toBe(false);
    // Same name, other contract: an ingress class is not an issuer.
    expect(context.provides(ingressClass("internal-ca"))).toBe(false);
    expect(context.provides(prometheus(9091))).toBe(false);
    expect(context.provides(grafanaDatabase("oncall"))).toBe(false);
  });

  it("given a cluster nothing is known of, when asked, then no handle is provided", () => {
    expect(buildContextOf("empty", {}).provides(clusterIssuer("internal-ca"))).toBe(false);
  });
});
