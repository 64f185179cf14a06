import { describe, expect, it } from "vitest";
import * as flagger from "../generated/models/flagger/index.js";
import { toPlain } from "../model/kube-object.js";
import { validateStrict } from "../validate/strict-schema.js";
import { canary, MESH_GATEWAY } from "./canary.js";

const Canary = flagger.flaggerApp.v1beta1.Canary;

describe("canary", () => {
  it("given only a Deployment and its port, when built, then it analyses success rate and latency over mTLS in the mesh", () => {
    const obj = toPlain(canary({ name: "api", namespace: "production", port: 8080 }));

    expect(validateStrict(Canary, obj)).toEqual([]);
    expect(obj.metadata).toEqual({ name: "api", namespace: "production" });
    expect(obj.spec).toMatchObject({
      provider: "istio",
      targetRef: { apiVersion: "apps/v1", kind: "Deployment", name: "api" },
      revertOnDeletion: true,
      service: {
        port: 8080,
        targetPort: 8080,
        portName: "http",
        gateways: [MESH_GATEWAY],
        trafficPolicy: { tls: { mode: "ISTIO_MUTUAL" } },
      },
      analysis: {
        interval: "1m",
        threshold: 5,
        maxWeight: 50,
        stepWeight: 10,
        metrics: [
          { name: "request-success-rate", interval: "1m", thresholdRange: { min: 99 } },
          { name: "request-duration", interval: "1m", thresholdRange: { max: 500 } },
        ],
      },
    });
    expect(obj.spec).not.toHaveProperty("autoscalerRef");
    expect(obj.spec).not.toHaveProperty("service.hosts");
    expect(obj.spec).not.toHaveProperty("analysis.alerts");
  });

  it("given public hosts, an autoscaler, a load test and an alert provider, when built, then all are wired and the schema holds", () => {
    const obj = toPlain(
      canary({
        name: "web",
        namespace: "staging",
        port: 80,
        targetPort: "http",
        hosts: ["web.example.org"],
        gateways: ["istio-ingress/public", MESH_GATEWAY],
        autoscaler: "web",
        minSuccessRate: 99.5,
        maxRequestDurationMs: 300,
        webhooks: [{ name: "load", type: "rollout", url: "http://loadtester.staging/", timeout: "5s" }],
        alertProvider: "flux-system/slack",
      }),
    );

    expect(validateStrict(Canary, obj)).toEqual([]);
    expect(obj.spec).toMatchObject({
      autoscalerRef: { apiVersion: "autoscaling/v2", kind: "HorizontalPodAutoscaler", name: "web" },
      service: {
        targetPort: "http",
        hosts: ["web.example.org"],
        gateways: ["istio-ingress/public", "mesh"],
      },
      analysis: {
        metrics: [{ thresholdRange: { min: 99.5 } }, { thresholdRange: { max: 300 } }],
        webhooks: [{ name: "load", type: "rollout" }],
        alerts: [
          { name: "slack", severity: "info", providerRef: { name: "slack", namespace: "flux-system" } },
        ],
      },
    });
  });
});
