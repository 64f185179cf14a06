import { certManager } from "@helix-cluster/cert-manager";
import {
  ALERTMANAGER_API,
  defineCluster,
  LOKI_PUSH,
  serviceEndpoint,
  terraformVarFiles,
} from "@helix-cluster/core";
import { dataPlane } from "@helix-cluster/data-plane";
import { environments } from "@helix-cluster/environments";
import { fluxSystem } from "@helix-cluster/flux-system";
import { istioSystem } from "@helix-cluster/istio-system";
import { kubeSystem } from "@helix-cluster/kube-system";
import { monitoring } from "@helix-cluster/monitoring";
import { network } from "@helix-cluster/network";
import { BACKUP_BUCKETS, settings } from "./settings.js";

/**
 * The EKS standby: the same packages as on-prem, with only what differs written here. No k3s pieces
 * (no Cilium, CoreDNS chart or upgrade plans: EKS runs its own), Velero reads the AWS backups
 * without writing any, and everything runs at its minimum until a failover scales it up.
 */
export default defineCluster({
  name: "helix-aws-dr",
  settings,
  // This repository's Terraform (terraform/): the variables of the standby's EKS Terraform.
  bootstrapFiles: ({ name }) => terraformVarFiles(name, settings, BACKUP_BUCKETS),
  namespaces: [
    fluxSystem(),
    certManager({ replicas: 1 }),
    kubeSystem({
      chaosMesh: { allowedNamespaces: ["testing"] },
      // Falcosidekick's outputs, named until the monitoring package provides them as handles.
      falco: {
        alertmanager: serviceEndpoint(ALERTMANAGER_API, {
          namespace: "monitoring",
          service: "alertmanager",
          port: 9093,
          scheme: "http",
        }),
        loki: serviceEndpoint(LOKI_PUSH, {
          namespace: "monitoring",
          service: "loki-gateway",
          port: 80,
          scheme: "http",
          path: "/loki/api/v1/push",
        }),
      },
    }),
    // Same tunnel as on-prem, no connector until a failover scales it up and takes the traffic.
    network({ cloudflared: { replicas: 0 } }),
    dataPlane({
      // The databases and vhost the monitoring package's Grafana and OnCall use (their passwords are
      // in both the data-plane and the monitoring secrets).
      mysql: {
        backupBucket: "backupsAws",
        databases: [
          { name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" },
          { name: "oncall", user: "oncall", passwordSecret: "mysql-user-oncall" },
        ],
      },
      rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
      velero: { readOnly: true, storageClassMapping: { "openebs-hostpath": "gp3" } },
    }),
    istioSystem(),
    environments({ environmentLabelKey: "helix.ai/environment" }),
    monitoring(),
  ],
});
