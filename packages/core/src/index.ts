export {
  BURST_TOKEN_FILE,
  type BurstCloudConfigInputs,
  type BurstPool,
  burstAgentConfig,
  burstCloudConfig,
  burstCloudConfigDigest,
  burstPool,
  DEFAULT_BURST_IMAGE,
  DEFAULT_BURST_POOL,
  DEFAULT_BURST_TAINT_KEY,
  NODE_POOL_LABEL,
  taintString,
} from "./bootstrap/burst-nodes.js";
export { K3S_API_PORT } from "./bootstrap/k3s-config.js";
export {
  type BackupBucketSlots,
  backupBucketsTfvars,
  eksTfvars,
  karpenterAwsNames,
  terraformVarFiles,
  tfvarsJson,
} from "./bootstrap/terraform-vars.js";
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
export {
  GRAFANA_DASHBOARD_LABEL,
  type GrafanaDashboardOptions,
  grafanaDashboard,
  stableJson,
} from "./builders/grafana-dashboard.js";
export {
  type ChartSource,
  chartName,
  type HelmComponentOptions,
  type HelmReleaseOptions,
  helmComponent,
  helmRelease,
} from "./builders/helm.js";
export {
  chartPodAutoscaling,
  type HorizontalPodAutoscalerOptions,
  horizontalPodAutoscaler,
} from "./builders/horizontal-pod-autoscaler.js";
export { type NamespaceOptions, namespace } from "./builders/namespace.js";
export { main as runCli } from "./cli/main.js";
export {
  type AutoscalingSettings,
  BOOTSTRAP_DIGEST_ANNOTATION,
  type BootstrapSecretDigest,
  type BurstNodeSettings,
  type ComponentAutoscaling,
  K3S_VERSION_ANNOTATION,
  type KarpenterAwsSettings,
  type LinodeInstanceSettings,
  type NodeAutoscaling,
  type PodAutoscaling,
  type PodAutoscalingOptions,
  type ReplicaBounds,
  type ResolvedPodAutoscaling,
  replicaBounds,
  resolvePodAutoscaling,
  type ScalingResource,
  WORKLOAD_CLASS_KEY,
} from "./model/autoscaling.js";
export {
  type BuildContext,
  buildContextOf,
  type ClusterFacts,
  NO_FACTS,
} from "./model/build-context.js";
export {
  type BootstrapFilesInput,
  type ClusterDefinition,
  defineCluster,
  isClusterDefinition,
} from "./model/cluster.js";
export { clusterDomainOf, DEFAULT_CLUSTER_DOMAIN } from "./model/cluster-domain.js";
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
  ALERTMANAGER_API,
  CLUSTER_ISSUER,
  type ClusterIssuerHandle,
  type Contract,
  clusterIssuer,
  type DatabaseHandle,
  databaseHandle,
  defineContract,
  describeHandle,
  endpointAddress,
  endpointHost,
  endpointUrl,
  fulfils,
  type Handle,
  handleKey,
  INGRESS_CLASS,
  type IngressClassHandle,
  ingressClass,
  LOKI_PUSH,
  LOKI_QUERY,
  MIMIR_QUERY,
  MIMIR_REMOTE_WRITE,
  MYSQL,
  OTLP_GRPC,
  OTLP_HTTP,
  POSTGRES,
  PROMETHEUS_API,
  PYROSCOPE,
  RABBITMQ,
  REDIS,
  type SecretKeyHandle,
  type ServiceEndpoint,
  serviceEndpoint,
  TEMPO_QUERY,
} from "./model/contracts.js";
export {
  type Integration,
  type IntegrationNeeds,
  type IntegrationOption,
  type IntegrationRequest,
  resolveIntegration,
  typesWhenEnabled,
  unmetNeeds,
} from "./model/integration.js";
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
  type MonitoringIntegrationRequest,
  monitoringIntegration,
  monitoringTypes,
  POD_MONITOR,
  PROMETHEUS_RULE,
  SERVICE_MONITOR,
} from "./model/monitoring-types.js";
export {
  defineNamespacePackage,
  type NamespacePackage,
  type NamespacePackageDefinition,
  type NamespaceSpec,
  NO_OPTIONS,
  type NoOptions,
  type PackageOptions,
} from "./model/namespace-package.js";
export type { JsonPatchOperation, ObjectPatch, PatchTarget } from "./model/object-patch.js";
export {
  type SecretEmbedding,
  type SecretRef,
  type SecretRefOptions,
  type SecretSource,
  secretRef,
  secretSource,
} from "./model/secret-ref.js";
export { enabledOptions, type ServiceToggle } from "./model/toggle.js";
export {
  type AssembledCluster,
  assembleCluster,
  CORE_PACKAGE,
  type PlacedObject,
  type PlacedSecret,
  secretSourcePath,
} from "./render/assemble.js";
export { ClusterEntryError, loadClusterEntry } from "./render/load-entry.js";
export {
  type RenderOptions,
  type RenderReport,
  renderCluster,
  renderClusterEntry,
} from "./render/render-cluster.js";
export {
  type AjvErrorObject,
  type ChartValuesSchema,
  registerValuesValidator,
  toValuesProblems,
  type ValuesProblem,
  type ValuesValidator,
} from "./validate/chart-values.js";
export { type InputValidator, withInputValidator } from "./validate/check-input.js";
export { CLUSTER_ISSUER_TYPE } from "./validate/class-issuer-rules.js";
export type { InputSchema } from "./validate/input-schema.js";
export { registerModels } from "./validate/model-registry.js";
export { ClusterProblemsError, formatProblem, type Problem, type ProblemLayer } from "./validate/problem.js";
export {
  type ProvideRule,
  type Reference,
  type ReferenceRule,
  registerProvideRule,
  registerReferenceRule,
} from "./validate/reference-rules.js";
export { isClusterScoped, isPlatformType, registerClusterScoped } from "./validate/resource-scope.js";
export { type ValidationResult, validateCluster } from "./validate/validate-cluster.js";
