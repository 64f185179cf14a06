// @helix-cluster/core/internal: what this repository's own tools (render, diff, docs, bench,
// conformance, chart check, e2e) use beyond the public API. Not a stable interface: consumers
// import "@helix-cluster/core" (and "/testing" in tests); anything here may change in any release.
export { ansibleInventory, K3S_TOKEN_SECRET_PATH } from "./bootstrap/ansible-inventory.js";
export {
  apiEndpoint,
  joinUrl,
  type K3sNodeConfig,
  k3sNodeConfigs,
  mergeServerRequirements,
  nodeRegistration,
} from "./bootstrap/k3s-config.js";
export { planBootstrap } from "./bootstrap/plan-bootstrap.js";
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
export type { OutputProblem, OutputTree } from "./render/output/check-trees.js";
export { markerText, type TreeOwner } from "./render/output/marker.js";
export { isWriterOwnPath, MARKER_FILE, STATE_DIR } from "./render/output/tree-path.js";
export {
  OutputWriteError,
  type TreeWriteResult,
  type WriterHooks,
  type WriterStep,
  type WriteTreesOptions,
  writeTrees,
} from "./render/output/write-trees.js";
export { planFiles } from "./render/plan-files.js";
export { canonicalObject, toYamlDocument } from "./render/yaml.js";
export { checkAutoscaling } from "./validate/autoscaling-rules.js";
export { chartKeyOf, hasValuesValidator } from "./validate/chart-values.js";
export { checkInput, type InputIssue } from "./validate/check-input.js";
export { checkClusterInputs } from "./validate/cluster-inputs.js";
export { registerModels, resolveModel } from "./validate/model-registry.js";
export { checkPolicy, unpinnedReason } from "./validate/policy.js";
export {
  hasSchema,
  type ModelClass,
  type SchemaViolation,
  validateStrict,
} from "./validate/strict-schema.js";
