export { ansibleInventory, K3S_TOKEN_SECRET_PATH } from "./bootstrap/ansible-inventory.js";
export {
  apiEndpoint,
  K3S_API_PORT,
  type K3sNodeConfig,
  k3sNodeConfigs,
  mergeServerRequirements,
} from "./bootstrap/k3s-config.js";
export { planBootstrap } from "./bootstrap/plan-bootstrap.js";
export { backupBucketsTfvars, eksTfvars, terraformVarFiles } from "./bootstrap/terraform-vars.js";
export {
  type CanaryMetric,
  type CanaryOptions,
  type CanaryWebhook,
  canary,
  MESH_GATEWAY,
} from "./builders/canary.js";
export {
  type ChartContainerResources,
  type ContainerResources,
  containerResources,
  withoutChartCpuLimit,
} from "./builders/container-resources.js";
export {
  FLUX_GIT_SOURCE,
  FLUX_NAMESPACE,
  type FluxKustomizationOptions,
  fluxKustomization,
  type GitSourceOptions,
  gitSource,
  SOPS_AGE_SECRET,
} from "./builders/flux.js";
export { type GrafanaDashboardOptions, grafanaDashboard, stableJson } from "./builders/grafana-dashboard.js";
export {
  type ChartSource,
  chartName,
  type HelmComponentOptions,
  type HelmReleaseOptions,
  helmComponent,
  helmRelease,
} from "./builders/helm.js";
export { type NamespaceOptions, namespace } from "./builders/namespace.js";
export {
  type BundledTools,
  type BundledToolsOptions,
  bundledTools,
  KUBECTL_LAYER_PACKAGE,
  ToolUnavailableError,
} from "./chart-check/bundled-tools.js";
export {
  type ChartCheckException,
  type ChartCheckReport,
  type CheckChartsOptions,
  checkCharts,
  kubeVersionOf,
  type RedundantSetting,
} from "./chart-check/check-charts.js";
export {
  type ChartCheckSession,
  type ChartCheckSessionOptions,
  chartCheckSession,
} from "./chart-check/check-session.js";
export { chartCheckDetails, chartCheckProblems, chartCheckSummary } from "./chart-check/format-report.js";
export { diffCommand } from "./cli/diff-command.js";
export { main as runCli } from "./cli/main.js";
export type { CliOutput } from "./cli/output.js";
export { DIFF_USAGE, SECRETS_USAGE } from "./cli/usage.js";
export {
  type ChangedEntry,
  compareTrees,
  isEmptyDiff,
  type MovedEntry,
  type TreeDiff,
} from "./diff/compare-trees.js";
export {
  type ClusterDiff,
  type DiffOptions,
  diffRevisions,
  type RevisionDiff,
} from "./diff/diff-revisions.js";
export { formatDiffMarkdown, type MarkdownOptions } from "./diff/format-markdown.js";
export { formatDiffText } from "./diff/format-text.js";
export { indexTree, readTree, type TreeEntry } from "./diff/rendered-tree.js";
export { type UnifiedDiffOptions, unifiedDiff } from "./diff/unified-diff.js";
export { clusterSettingsSchema } from "./generated/inputs/cluster-settings-schema.js";
export {
  type DependencyGraph,
  deriveDependencies,
  type PlacedComponent,
  usedTypes,
} from "./graph/depends-on.js";
export { type ClusterDefinition, defineCluster, isClusterDefinition } from "./model/cluster.js";
export type {
  BootstrapSettings,
  BucketSettings,
  ClusterSettings,
  EksSettings,
  FluxAlertSettings,
  GitSourceSettings,
  NodeSettings,
  S3BucketSettings,
} from "./model/cluster-settings.js";
export { compareCodePoints, compareEntryKeys } from "./model/code-point-order.js";
export {
  type ChartCheckOptions,
  type Component,
  defineComponent,
  type HealthCheck,
  type K3sConfigValue,
  type K3sRequirements,
  type KustomizationOptions,
} from "./model/component.js";
export {
  apiGroup,
  type JsonValue,
  type KubeObject,
  type ObjectMeta,
  objectId,
  type ResourceType,
  resourceTypeOf,
  toPlain,
} from "./model/kube-object.js";
export {
  monitoringTypes,
  POD_MONITOR,
  PROMETHEUS_RULE,
  SERVICE_MONITOR,
} from "./model/monitoring-types.js";
export {
  type BuildContext,
  defineNamespacePackage,
  type NamespacePackage,
  type NamespacePackageDefinition,
  type NamespaceSpec,
  NO_OPTIONS,
  type PackageOptions,
} from "./model/namespace-package.js";
export {
  GRAFANA_DASHBOARD_LABEL,
  MONITORING_NAMESPACE,
  platformEndpoints,
} from "./model/platform-endpoints.js";
export { type SecretRef, secretRef } from "./model/secret-ref.js";
export {
  type AssembledCluster,
  assembleCluster,
  CORE_PACKAGE,
  type PlacedObject,
  type PlacedSecret,
  secretSourcePath,
} from "./render/assemble.js";
export { ClusterEntryError, loadClusterEntry } from "./render/load-entry.js";
export { planFiles } from "./render/plan-files.js";
export {
  type RenderOptions,
  type RenderReport,
  renderCluster,
  renderClusterEntry,
} from "./render/render-cluster.js";
export { canonicalObject, toYamlDocument } from "./render/yaml.js";
export { type CrdStandInOptions, crdStandIn } from "./testing/crd-stand-in.js";
export { kustomizationFolders, kustomizeBuild } from "./testing/kustomize-build.js";
export { registerValuesValidator, type ValuesValidator } from "./validate/chart-values.js";
export { checkInput, type InputIssue } from "./validate/check-input.js";
export { checkClusterInputs } from "./validate/cluster-inputs.js";
export type { InputSchema } from "./validate/input-schema.js";
export { registerModels, resolveModel } from "./validate/model-registry.js";
export { checkPolicy, unpinnedReason } from "./validate/policy.js";
export { ClusterProblemsError, formatProblem, type Problem, type ProblemLayer } from "./validate/problem.js";
export {
  type ProvideRule,
  type Reference,
  type ReferenceRule,
  registerProvideRule,
  registerReferenceRule,
} from "./validate/reference-rules.js";
export { isClusterScoped, isPlatformType, registerClusterScoped } from "./validate/resource-scope.js";
export {
  hasSchema,
  type ModelClass,
  type SchemaViolation,
  validateStrict,
} from "./validate/strict-schema.js";
export { type ValidationResult, validateCluster } from "./validate/validate-cluster.js";
