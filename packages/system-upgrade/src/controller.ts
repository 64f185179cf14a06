import type { Component } from "@helix-cluster/core";
import { Deployment } from "kubernetes-models/apps/v1/Deployment";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import {
  type ControllerOptions,
  PLAN_CRD,
  SYSTEM_UPGRADE_NAMESPACE,
  SYSTEM_UPGRADE_SERVICE_ACCOUNT,
} from "./options.js";
import { CONTROLLER_NAME, controllerRbac } from "./rbac.js";

// renovate: datasource=docker depName=rancher/system-upgrade-controller
export const CONTROLLER_IMAGE = "rancher/system-upgrade-controller:v0.20.1";
/** ConfigMap holding the controller's environment settings. */
export const CONTROLLER_ENV = `${CONTROLLER_NAME}-env`;

/** The controller's settings, as the environment variables it reads. */
export function controllerEnv(opts: ControllerOptions): Record<string, string> {
  return {
    SYSTEM_UPGRADE_CONTROLLER_DEBUG: String(opts.debug ?? false),
    SYSTEM_UPGRADE_CONTROLLER_THREADS: String(opts.threads ?? 2),
    // A lease keeps a rolling update from running two controllers at once.
    SYSTEM_UPGRADE_CONTROLLER_LEADER_ELECT: "true",
    SYSTEM_UPGRADE_JOB_ACTIVE_DEADLINE_SECONDS: String(opts.jobActiveDeadlineSeconds ?? 900),
    SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT: "99",
    // Upgrade images are tagged with the exact version the Plan pins: no need to pull again.
    SYSTEM_UPGRADE_JOB_IMAGE_PULL_POLICY: "IfNotPresent",
    SYSTEM_UPGRADE_JOB_PRIVILEGED: "true",
    SYSTEM_UPGRADE_JOB_TTL_SECONDS_AFTER_FINISH: String(opts.jobTtlSecondsAfterFinish ?? 900),
    SYSTEM_UPGRADE_PLAN_POLLING_INTERVAL: "15m",
  };
}

/**
 * system-upgrade-controller v0.20.1 from code (upstream ships no Helm chart). The controller
 * registers the Plan CRD itself when it starts (wrangler BatchCreateCRDs; the crd.yaml release
 * asset is the same definition, for tools that must apply Plans before it runs), so this
 * component declares it installs the CRD, and Flux reports it ready only once that CRD is.
 */
export function systemUpgradeController(opts: ControllerOptions = {}): Component {
  const labels = { "upgrade.cattle.io/controller": CONTROLLER_NAME };
  const env = new ConfigMap({ metadata: { name: CONTROLLER_ENV }, data: controllerEnv(opts) });
  const deployment = new Deployment({
    metadata: { name: CONTROLLER_NAME, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        // The upgrade.cattle.io/controller label also keeps drains from evicting the controller.
        metadata: { labels },
        spec: {
          serviceAccountName: SYSTEM_UPGRADE_SERVICE_ACCOUNT,
          securityContext: {
            runAsNonRoot: true,
            runAsUser: 65534,
            runAsGroup: 65534,
            seccompProfile: { type: "RuntimeDefault" },
          },
          affinity: {
            nodeAffinity: {
              requiredDuringSchedulingIgnoredDuringExecution: {
                nodeSelectorTerms: [
                  {
                    matchExpressions: [{ key: "node-role.kubernetes.io/control-plane", operator: "Exists" }],
                  },
                ],
              },
            },
          },
          tolerations: [
            { key: "CriticalAddonsOnly", operator: "Exists" },
            { key: "node-role.kubernetes.io/control-plane", operator: "Exists", effect: "NoSchedule" },
            { key: "node-role.kubernetes.io/master", operator: "Exists", effect: "NoSchedule" },
            { key: "node-role.kubernetes.io/etcd", operator: "Exists", effect: "NoExecute" },
          ],
          containers: [
            {
              name: CONTROLLER_NAME,
              image: CONTROLLER_IMAGE,
              envFrom: [{ configMapRef: { name: CONTROLLER_ENV } }],
              env: [
                {
                  name: "SYSTEM_UPGRADE_CONTROLLER_NAME",
                  valueFrom: { fieldRef: { fieldPath: "metadata.labels['upgrade.cattle.io/controller']" } },
                },
                {
                  name: "SYSTEM_UPGRADE_CONTROLLER_NAMESPACE",
                  valueFrom: { fieldRef: { fieldPath: "metadata.namespace" } },
                },
                {
                  name: "SYSTEM_UPGRADE_CONTROLLER_NODE_NAME",
                  valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
                },
              ],
              resources: { requests: { cpu: "25m", memory: "64Mi" }, limits: { memory: "256Mi" } },
              securityContext: {
                allowPrivilegeEscalation: false,
                readOnlyRootFilesystem: true,
                capabilities: { drop: ["ALL"] },
              },
              volumeMounts: [{ name: "tmp", mountPath: "/tmp" }],
            },
          ],
          volumes: [{ name: "tmp", emptyDir: {} }],
        },
      },
    },
  });
  return {
    name: CONTROLLER_NAME,
    namespace: SYSTEM_UPGRADE_NAMESPACE,
    objects: [...controllerRbac(), env, deployment],
    installsCrds: [PLAN_CRD],
    // The CRD appears only once the controller has started: Flux must wait for it, so the Plans
    // that depend on this component are never applied before their kind exists. Flux ignores
    // healthChecks when `wait` is on, hence the explicit list (Deployment + CRD) instead.
    kustomization: { wait: false },
    healthChecks: [
      {
        apiVersion: "apps/v1",
        kind: "Deployment",
        name: CONTROLLER_NAME,
        namespace: SYSTEM_UPGRADE_NAMESPACE,
      },
      {
        apiVersion: "apiextensions.k8s.io/v1",
        kind: "CustomResourceDefinition",
        name: "plans.upgrade.cattle.io",
      },
    ],
  };
}
