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
    certManager(),
    // Burst nodes on Linode (settings.autoscaling.burst) through Cluster API and cluster-autoscaler.
    kubeSystem({
      linodeBurst: {},
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
    network(),
    systemUpgrade(),
    dataPlane({
      // The databases and vhost the monitoring package's Grafana and OnCall use (their passwords are
      // in both the data-plane and the monitoring secrets).
      mysql: {
        databases: [
          { name: "grafana", user: "grafana", passwordSecret: "mysql-user-grafana" },
          { name: "oncall", user: "oncall", passwordSecret: "mysql-user-oncall" },
        ],
      },
      rabbitmq: { vhosts: [{ name: "oncall", credentialsSecret: "rabbitmq-user-oncall" }] },
    }),
    // Cilium is the CNI (flannel off), so k3s keeps the standard CNI paths the Istio CNI must chain into.
    istioSystem({ cni: { confDir: "/etc/cni/net.d", binDir: "/opt/cni/bin" } }),
    environments({ environmentLabelKey: "helix.ai/environment" }),
    monitoring(),
  ],
});
