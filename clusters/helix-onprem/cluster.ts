import { certManager } from "@helix-cluster/cert-manager";
import { defineCluster, terraformVarFiles } from "@helix-cluster/core";
import { dataPlane } from "@helix-cluster/data-plane";
import { environments } from "@helix-cluster/environments";
import { fluxSystem } from "@helix-cluster/flux-system";
import { istioSystem } from "@helix-cluster/istio-system";
import { kubeSystem } from "@helix-cluster/kube-system";
import { monitoring } from "@helix-cluster/monitoring";
import { network } from "@helix-cluster/network";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import { BACKUP_BUCKETS, settings } from "./settings.js";

/** The on-prem production cluster: settings plus the namespace packages composed into it. */
export default defineCluster({
  name: "helix-onprem",
  settings,
  // This repository's Terraform (terraform/): the variables of the backup-bucket Terraform.
  bootstrapFiles: ({ name }) => terraformVarFiles(name, settings, BACKUP_BUCKETS),
  namespaces: [
    fluxSystem(),
    certManager({
      dns01: { cloudflare: {} },
      // Public resolvers, not the split-horizon in-cluster DNS, tell whether a TXT record propagated.
      dns01RecursiveNameservers: ["1.1.1.1:53", "1.0.0.1:53"],
    }),
    // Burst nodes on Linode (settings.autoscaling.burst) through Cluster API and cluster-autoscaler.
    kubeSystem({
      linodeBurst: {},
      chaosMesh: { allowedNamespaces: ["testing"] },
    }),
    network(),
    systemUpgrade(),
    dataPlane({
      // The databases and vhost the monitoring package's Grafana and OnCall use (their passwords are
      // in both the data-plane and the monitoring secrets).
      mysql: {
        backupBucket: BACKUP_BUCKETS.onPrem,
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
        locations: [
          { name: "onprem", bucket: BACKUP_BUCKETS.onPrem, credentialsSecret: "velero-onprem-credentials" },
          { name: "aws", bucket: BACKUP_BUCKETS.aws, credentialsSecret: "velero-aws-credentials" },
        ],
      },
    }),
    // Cilium is the CNI (flannel off), so k3s keeps the standard CNI paths the Istio CNI must chain into.
    istioSystem({ cni: { confDir: "/etc/cni/net.d", binDir: "/opt/cni/bin" } }),
    environments({ environmentLabelKey: "helix.ai/environment" }),
    monitoring({
      // Helix's runbooks: RUNBOOKS.md of the monitoring package in this repository.
      runbookBaseUrl: `${settings.git.url}/blob/${settings.git.branch}/packages/monitoring/RUNBOOKS.md`,
    }),
  ],
});
