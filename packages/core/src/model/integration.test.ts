import { describe, expect, it } from "vitest";
import { buildContextOf } from "./build-context.js";
import { CLUSTER_ISSUER, clusterIssuer, ingressClass } from "./contracts.js";
import { resolveIntegration } from "./integration.js";

const context = buildContextOf(
  "edge",
  {},
  { types: [], namespaces: [], handles: [clusterIssuer("internal-ca"), ingressClass("internal")] },
);

describe("integrations that need a particular handle", () => {
  it("given another issuer only, when auto, then the integration stays off and says which issuer is missing", () => {
    const certificates = resolveIntegration(context, {
      name: "certificates",
      needs: { handles: [clusterIssuer("letsencrypt-production")] },
    });
    expect(certificates).toMatchObject({ enabled: false, missing: [] });
    expect(certificates.reason).toBe(
      'auto: off, no component provides cluster-issuer "letsencrypt-production"',
    );
    // Any issuer is enough for a contract need: that is why the particular one is a handle need.
    expect(resolveIntegration(context, { name: "any", needs: { contracts: [CLUSTER_ISSUER] } }).enabled).toBe(
      true,
    );
  });

  it("given the handle provided, when auto, then it is on; when asked for without it, then the missing handle is named", () => {
    expect(
      resolveIntegration(context, { name: "ingress", needs: { handles: [ingressClass("internal")] } }),
    ).toMatchObject({ enabled: true, reason: 'auto: the cluster has ingress-class "internal"' });
    const forced = resolveIntegration(context, {
      name: "ingress",
      option: true,
      optionPath: "grafana.ingress",
      needs: { handles: [ingressClass("public")] },
      addHint: "@helix-cluster/network",
    });
    expect(forced.missing).toEqual([
      'ingress integration is on but no component provides ingress-class "public": add @helix-cluster/network or set grafana.ingress: false',
    ]);
  });
});
