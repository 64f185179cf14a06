import { certManager } from "@helix-cluster/cert-manager";
import { defineCluster, terraformVarFiles } from "@helix-cluster/core";
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
    certManager({
      replicas: 1,
      dns01: { cloudflare: {} },
      // Public resolvers, not the split-horizon in-cluster DNS, tell whether a TXT record propagated.
      dns01RecursiveNameservers: ["1.1.1.1:53", "1.0.0.1:53"],
    }),
    kubeSystem({ chaosMesh: { allowedNamespaces: ["testing"] } }),
    // Same tunnel as on-prem, no connector until a failover scales it up and takes the traffic.
    network({ cloudflared: { replicas: 0 } }),
    dataPlane({
      // The databases and vhost the monitoring package's Grafana and OnCall use (their passwords are
      // in both the data-plane and the monitoring secrets).
      mysql: {
        backupBucket: BACKUP_BUCKETS.aws,
        databases: [
          { name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" },
          { name: "oncall", user: "oncall", passwordSecret: "mysql-user-oncall" },
        ],
      },
      rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
      // Flagsmith's database (kube-system).
      postgres: {
        databases: [{ name: "flagsmith", user: "flagsmith", passwordSecret: "postgres-flagsmith" }],
      },
      velero: {
        // Restores from the off-site copy of the on-prem backups (read-only).
        locations: [{ name: "aws", bucket: BACKUP_BUCKETS.aws, credentialsSecret: "velero-aws-credentials" }],
        readOnly: true,
        storageClassMapping: { "openebs-hostpath": "gp3" },
      },
    }),
    istioSystem(),
    environments({ environmentLabelKey: "helix.ai/environment" }),
    monitoring({
      // Helix's runbooks: RUNBOOKS.md of the monitoring package in this repository.
      runbookBaseUrl: `${settings.git.url}/blob/${settings.git.branch}/packages/monitoring/RUNBOOKS.md`,
    }),
  ],
});
