import {
  type ClusterSettings,
  type Component,
  containerResources,
  helmComponent,
  type Integration,
  POD_MONITOR,
  SERVICE_MONITOR,
  secretRef,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { veleroValuesSchema } from "./generated/values/velero-12.1.0.js";
import { DATA_PLANE_NAMESPACE, VELERO_REPO_SECRET, type VeleroOptions } from "./options.js";

/** Resource types whose CRDs the velero chart installs (its upgrade-CRDs job applies them). */
export const VELERO_CRDS = [
  "velero.io/Backup",
  "velero.io/BackupRepository",
  "velero.io/BackupStorageLocation",
  "velero.io/DataDownload",
  "velero.io/DataUpload",
  "velero.io/DeleteBackupRequest",
  "velero.io/DownloadRequest",
  "velero.io/PodVolumeBackup",
  "velero.io/PodVolumeRestore",
  "velero.io/Restore",
  "velero.io/Schedule",
  "velero.io/ServerStatusRequest",
  "velero.io/VolumeSnapshotLocation",
] as const;

// renovate: datasource=docker depName=velero/velero
const VELERO_VERSION = "v1.18.1";
// The AWS plugin line that matches Velero 1.18 (plugin v1.14.x ↔ Velero v1.18.x).
// renovate: datasource=docker depName=velero/velero-plugin-for-aws
const AWS_PLUGIN_IMAGE = "velero/velero-plugin-for-aws:v1.14.2";
// Used when the cluster has no k3s version to derive kubectl's from (EKS).
// renovate: datasource=docker depName=registry.k8s.io/kubectl
const KUBECTL_FALLBACK_TAG = "v1.36.3";

/**
 * Tag of registry.k8s.io/kubectl matching the cluster: "v1.36.3+k3s1" → "v1.36.3".
 * @deprecated Chart 12 upgrades the CRDs with the Velero image and reads the kubectl image only for
 * jobs this package does not enable (namespace labels, CRD clean-up); nothing here uses it.
 */
export function kubectlTag(settings: ClusterSettings): string {
  return settings.k3sVersion?.split("+")[0] ?? KUBECTL_FALLBACK_TAG;
}

/**
 * Velero's restore-item-action config that swaps StorageClasses when restoring, so that backups of
 * the on-prem cluster restore on the EKS standby; undefined when no class needs swapping.
 */
export function storageClassMappingConfig(mapping: Readonly<Record<string, string>>): ConfigMap | undefined {
  if (Object.keys(mapping).length === 0) return undefined;
  return new ConfigMap({
    metadata: {
      name: "change-storage-class-config",
      namespace: DATA_PLANE_NAMESPACE,
      labels: { "velero.io/plugin-config": "", "velero.io/change-storage-class": "RestoreItemAction" },
    },
    data: { ...mapping },
  });
}

/**
 * Velero server and node agent. File-system backups of every pod volume with kopia (the local
 * volumes have no snapshot API); the backup storage locations and schedules are rendered as
 * Velero objects in the "velero-backups" component.
 */
export function velero(_settings: ClusterSettings, opts: VeleroOptions, monitoring: Integration): Component {
  const monitors = monitoring.enabled;
  const mapping = storageClassMappingConfig(opts.storageClassMapping ?? {});
  return helmComponent({
    name: "velero",
    namespace: DATA_PLANE_NAMESPACE,
    // renovate: datasource=helm depName=velero registryUrl=https://vmware-tanzu.github.io/helm-charts
    chart: { repository: "https://vmware-tanzu.github.io/helm-charts", chart: "velero", version: "12.1.0" },
    valuesSchema: veleroValuesSchema,
    installsCrds: VELERO_CRDS,
    usesCrds: typesWhenEnabled(monitoring, POD_MONITOR, SERVICE_MONITOR),
    // The kopia repository password must exist before the server starts, or Velero creates one
    // with its well-known default.
    secrets: [secretRef(VELERO_REPO_SECRET, ["repository-password"])],
    extraObjects: mapping ? [mapping] : [],
    integrations: [monitoring],
    values: {
      image: { repository: "velero/velero", tag: VELERO_VERSION, pullPolicy: "IfNotPresent" },
      initContainers: [
        {
          name: "velero-plugin-for-aws",
          image: AWS_PLUGIN_IMAGE,
          imagePullPolicy: "IfNotPresent",
          volumeMounts: [{ mountPath: "/target", name: "plugins" }],
          resources: containerResources("10m", "64Mi", "128Mi"),
        },
      ],
      resources: containerResources("100m", "256Mi", "1Gi"),
      upgradeCRDs: true,
      upgradeJobResources: containerResources("50m", "64Mi", "256Mi"),
      // Credentials are per location (BackupStorageLocation.spec.credential), not one chart secret.
      credentials: { useSecret: false },
      backupsEnabled: false,
      snapshotsEnabled: false,
      deployNodeAgent: true,
      nodeAgent: {
        podVolumePath: "/var/lib/kubelet/pods",
        // Back up volumes on every node, control-plane nodes included.
        tolerations: [{ operator: "Exists" }],
        resources: containerResources("100m", "512Mi", "2Gi"),
      },
      configuration: {
        uploaderType: "kopia",
        defaultVolumesToFsBackup: true,
        logFormat: "json",
        // Chart 12 reads the maintenance job's resources only from this ConfigMap (its NOTES.txt
        // fails the install on the removed requests/limits keys). No CPU limit, like every container.
        repositoryMaintenanceJob: {
          repositoryConfigData: {
            name: "velero-repo-maintenance",
            global: {
              podResources: { cpuRequest: "100m", memoryRequest: "512Mi", memoryLimit: "2Gi" },
              keepLatestMaintenanceJobs: 3,
            },
          },
        },
      },
      metrics: {
        enabled: true,
        // Flux applies Velero after the monitoring CRDs (usesCrds), so the chart's autodetect finds
        // them; no PrometheusRule (the chart's default, and it has no rules of its own).
        serviceMonitor: { enabled: monitors },
        nodeAgentPodMonitor: { enabled: monitors },
      },
    },
  });
}
