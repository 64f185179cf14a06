import type { KubeObject } from "@helix-cluster/core";
import { ClusterRole } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole";
import { ClusterRoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding";
import { Role } from "kubernetes-models/rbac.authorization.k8s.io/v1/Role";
import { RoleBinding } from "kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding";
import { ServiceAccount } from "kubernetes-models/v1/ServiceAccount";
import { SYSTEM_UPGRADE_NAMESPACE, SYSTEM_UPGRADE_SERVICE_ACCOUNT } from "./options.js";

/** Name of the controller (Deployment, lease, RBAC objects): the upstream one. */
export const CONTROLLER_NAME = "system-upgrade-controller";
/** ClusterRole the upgrade Jobs need to cordon and drain their node. */
export const DRAINER_ROLE = `${CONTROLLER_NAME}-drainer`;

const subjects = [
  { kind: "ServiceAccount", name: SYSTEM_UPGRADE_SERVICE_ACCOUNT, namespace: SYSTEM_UPGRADE_NAMESPACE },
];

/**
 * Least-privilege RBAC instead of upstream's old cluster-admin binding: the controller registers
 * its Plan CRD, watches Plans, Nodes and its Jobs, labels Nodes and holds a leader lease; the Jobs
 * it starts run as the same ServiceAccount and cordon/drain (evict) their node.
 */
export function controllerRbac(): KubeObject[] {
  const clusterRole = new ClusterRole({
    metadata: { name: CONTROLLER_NAME },
    rules: [
      {
        apiGroups: ["apiextensions.k8s.io"],
        resources: ["customresourcedefinitions"],
        verbs: ["get", "list", "watch", "create", "patch", "update"],
      },
      {
        apiGroups: ["upgrade.cattle.io"],
        resources: ["plans", "plans/status"],
        verbs: ["get", "list", "watch", "create", "patch", "update", "delete"],
      },
      { apiGroups: [""], resources: ["namespaces", "nodes"], verbs: ["get", "list", "watch"] },
      { apiGroups: [""], resources: ["nodes"], verbs: ["update"] },
      { apiGroups: [""], resources: ["events"], verbs: ["get", "create", "patch", "update"] },
      { apiGroups: ["batch"], resources: ["jobs"], verbs: ["get", "list", "watch"] },
      { apiGroups: ["coordination.k8s.io"], resources: ["leases"], verbs: ["create"] },
      {
        apiGroups: ["coordination.k8s.io"],
        resources: ["leases"],
        resourceNames: [CONTROLLER_NAME],
        verbs: ["get", "update"],
      },
    ],
  });
  const drainer = new ClusterRole({
    metadata: { name: DRAINER_ROLE },
    rules: [
      { apiGroups: [""], resources: ["pods/eviction"], verbs: ["create"] },
      { apiGroups: [""], resources: ["pods"], verbs: ["get", "list", "delete"] },
      { apiGroups: [""], resources: ["nodes"], verbs: ["get", "patch"] },
      {
        apiGroups: ["apps"],
        resources: ["statefulsets", "daemonsets", "replicasets"],
        verbs: ["get", "list"],
      },
    ],
  });
  const role = new Role({
    metadata: { name: CONTROLLER_NAME },
    rules: [
      {
        apiGroups: ["batch"],
        resources: ["jobs"],
        verbs: ["create", "delete", "deletecollection", "patch", "update", "get", "list", "watch"],
      },
      // Plan secrets are mounted into Jobs; changing one re-runs the Plan.
      { apiGroups: [""], resources: ["secrets"], verbs: ["get", "list", "watch"] },
    ],
  });
  const bind = (roleName: string) =>
    new ClusterRoleBinding({
      metadata: { name: roleName },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "ClusterRole", name: roleName },
      subjects,
    });
  return [
    new ServiceAccount({ metadata: { name: SYSTEM_UPGRADE_SERVICE_ACCOUNT } }),
    clusterRole,
    bind(CONTROLLER_NAME),
    drainer,
    bind(DRAINER_ROLE),
    role,
    new RoleBinding({
      metadata: { name: CONTROLLER_NAME },
      roleRef: { apiGroup: "rbac.authorization.k8s.io", kind: "Role", name: CONTROLLER_NAME },
      subjects,
    }),
  ];
}
