import {
  type BuildContext,
  type ClusterSettings,
  type Component,
  type ContainerResources,
  chartPodAutoscaling,
  containerResources,
  type DatabaseHandle,
  helmRelease,
  POSTGRES,
  resolvePodAutoscaling,
  SERVICE_MONITOR,
  secretRef,
  secretSource,
  typesWhenEnabled,
} from "@helix-cluster/core";
import { monitoringIntegration } from "./monitoring.js";
import { type FlagsmithOptions, KUBE_SYSTEM_NAMESPACE, type KubeSystemOptions } from "./options.js";

/** SOPS secret with Flagsmith's database URL and Django secret key. */
export const FLAGSMITH_SECRET = "flagsmith-credentials";
/** Key of the `postgres://user:password@host:5432/db` URL in that secret. */
export const FLAGSMITH_DATABASE_URL_KEY = "database-url";
/** Key of the Django secret key (signs sessions and tokens; must survive redeploys). */
export const FLAGSMITH_SECRET_KEY_KEY = "django-secret-key";

/** A value the chart reads from an existing Secret. */
export interface FromExistingSecret {
  readonly enabled: boolean;
  readonly name: string;
  readonly key: string;
}

/** Values of the flagsmith chart 0.81.0 that this package sets (the chart has no values schema). */
export interface FlagsmithValues {
  readonly api?: {
    /** The chart's spelling; null leaves the replicas to the HPA. */
    readonly replicacount?: number | null;
    readonly resources?: ContainerResources;
    readonly secretKeyFromExistingSecret?: FromExistingSecret;
    readonly logging?: { readonly format?: "generic" | "json" };
  };
  readonly frontend?: {
    readonly enabled?: boolean;
    readonly replicacount?: number;
    readonly resources?: ContainerResources;
  };
  readonly taskProcessor?: {
    readonly enabled?: boolean;
    readonly replicacount?: number;
    readonly resources?: ContainerResources;
  };
  /** The bundled Bitnami PostgreSQL (a frozen bitnamilegacy image, "for development only"). */
  readonly devPostgresql?: { readonly enabled?: boolean };
  readonly databaseExternal?: {
    readonly enabled?: boolean;
    readonly urlFromExistingSecret?: FromExistingSecret;
  };
  readonly pgbouncer?: { readonly enabled?: boolean };
  /**
   * Keeps SDK usage analytics in Flagsmith's own PostgreSQL (needs the task processor). The chart
   * has no InfluxDB of its own any more; without this or `influxdbExternal` analytics are not kept.
   */
  readonly UsePostgresForAnalytics?: { readonly enabled?: boolean };
  /** The real-time SSE service (off by default). */
  readonly sse?: { readonly enabled?: boolean };
  /** HorizontalPodAutoscalers; the chart creates the SSE one (on by default) even without SSE. */
  readonly hpa?: {
    readonly sse?: { readonly enabled?: boolean };
    readonly api?: {
      readonly enabled: boolean;
      readonly minReplicas?: number;
      readonly maxReplicas?: number;
      readonly targetCPUUtilization?: number;
    };
  };
  readonly pdb?: {
    readonly api?: { readonly enabled?: boolean; readonly minAvailable?: number };
    readonly frontend?: { readonly enabled?: boolean; readonly minAvailable?: number };
  };
  readonly prometheus?: { readonly enabled?: boolean };
  readonly serviceMonitor?: { readonly enabled?: boolean; readonly interval?: string };
}

/** Name of Flagsmith's database (and of its owner) in the PostgreSQL the cluster provides. */
export const FLAGSMITH_DATABASE = "flagsmith";

/** Flagsmith's database: the option's handle, else the POSTGRES database "flagsmith" the cluster provides. */
export function flagsmithDatabase(opts: FlagsmithOptions, context: BuildContext): DatabaseHandle | undefined {
  return opts.database ?? context.provided(POSTGRES).find((db) => db.database === FLAGSMITH_DATABASE);
}

/** Release name; the chart names its objects after it ("flagsmith-api", Secret "flagsmith"). */
const RELEASE = "flagsmith";

/**
 * Kustomize post-renderers for what the chart's values cannot say: resources of the API's
 * `migrate-db` init container (chart 0.81.0 has no value for them), and no `flagsmith` Secret (the
 * chart always writes one holding its own DATABASE_URL, empty here: the URL comes from the SOPS
 * secret, and nothing reads that Secret).
 */
export function flagsmithPostRenderers(migrateResources: ContainerResources) {
  const initContainer = {
    apiVersion: "apps/v1",
    kind: "Deployment",
    metadata: { name: `${RELEASE}-api` },
    spec: { template: { spec: { initContainers: [{ name: "migrate-db", resources: migrateResources }] } } },
  };
  const unusedSecret = { $patch: "delete", apiVersion: "v1", kind: "Secret", metadata: { name: RELEASE } };
  return [
    {
      kustomize: {
        patches: [
          { target: { kind: "Deployment", name: `${RELEASE}-api` }, patch: JSON.stringify(initContainer) },
          { target: { kind: "Secret", name: RELEASE }, patch: JSON.stringify(unusedSecret) },
        ],
      },
    },
  ];
}

/**
 * Flagsmith on an external PostgreSQL. Flagsmith supports PostgreSQL only (its maintainers: "we do
 * not support the MySQL database engine"), so the data plane's MySQL InnoDBCluster cannot serve it:
 * DATABASE_URL comes from a SOPS secret pointing at a PostgreSQL the data plane must provide. The
 * bundled dev database and PgBouncer (both bitnamilegacy images) stay off; the Django key comes from
 * the same secret, so no kubectl:latest init Job runs. Usage analytics go to the same PostgreSQL
 * (the chart no longer ships an InfluxDB; its only dependencies are that dev PostgreSQL and Graphite).
 * It uses the PostgreSQL handle (see flagsmithDatabase), so Flux applies it after its database.
 */
export function flagsmith(
  settings: ClusterSettings,
  opts: FlagsmithOptions,
  all: KubeSystemOptions,
  context: BuildContext,
): Component {
  const monitoring = monitoringIntegration(context, all, [SERVICE_MONITOR]);
  const database = flagsmithDatabase(opts, context);
  // The chart's API HPA scales on CPU only.
  const scaling = resolvePodAutoscaling(
    settings,
    opts.apiReplicas ?? 2,
    opts.apiAutoscaling === false ? false : { ...opts.apiAutoscaling, memoryUtilization: undefined },
    { maxReplicas: 6 },
  );
  const apiReplicas = scaling?.bounds.min ?? opts.apiReplicas ?? 2;
  const frontendReplicas = opts.frontendReplicas ?? 2;
  const [source, release] = helmRelease<FlagsmithValues>({
    name: RELEASE,
    namespace: KUBE_SYSTEM_NAMESPACE,
    chart: {
      repository: "https://flagsmith.github.io/flagsmith-charts/",
      chart: "flagsmith",
      // renovate: datasource=helm depName=flagsmith registryUrl=https://flagsmith.github.io/flagsmith-charts/
      version: "0.81.0",
    },
    values: {
      api: {
        replicacount: scaling ? null : apiReplicas,
        resources: containerResources("200m", "512Mi", "1Gi"),
        secretKeyFromExistingSecret: { enabled: true, name: FLAGSMITH_SECRET, key: FLAGSMITH_SECRET_KEY_KEY },
        logging: { format: "json" },
      },
      frontend: {
        enabled: true,
        replicacount: frontendReplicas,
        resources: containerResources("50m", "256Mi", "512Mi"),
      },
      taskProcessor: {
        enabled: true,
        replicacount: opts.taskProcessorReplicas ?? 1,
        resources: containerResources("100m", "256Mi", "512Mi"),
      },
      devPostgresql: { enabled: false },
      databaseExternal: {
        enabled: true,
        urlFromExistingSecret: { enabled: true, name: FLAGSMITH_SECRET, key: FLAGSMITH_DATABASE_URL_KEY },
      },
      pgbouncer: { enabled: false },
      UsePostgresForAnalytics: { enabled: true },
      // No real-time SSE service, so no autoscaler aiming at its missing Deployment either.
      sse: { enabled: false },
      hpa: {
        sse: { enabled: false },
        api: scaling
          ? {
              enabled: true,
              minReplicas: scaling.bounds.min,
              maxReplicas: scaling.bounds.max,
              targetCPUUtilization: scaling.utilization.cpu ?? 70,
            }
          : { enabled: false },
      },
      pdb: {
        api: apiReplicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
        frontend: frontendReplicas > 1 ? { enabled: true, minAvailable: 1 } : { enabled: false },
      },
      prometheus: { enabled: monitoring.enabled },
      serviceMonitor: { enabled: monitoring.enabled, interval: "1m" },
    },
  });
  if (release.spec)
    release.spec.postRenderers = flagsmithPostRenderers(containerResources("100m", "256Mi", "512Mi"));
  return {
    name: RELEASE,
    namespace: KUBE_SYSTEM_NAMESPACE,
    objects: [source, release],
    usesCrds: typesWhenEnabled(monitoring, SERVICE_MONITOR),
    integrations: [monitoring],
    uses: database ? [database] : [],
    secrets: [
      secretRef(
        FLAGSMITH_SECRET,
        [FLAGSMITH_DATABASE_URL_KEY, FLAGSMITH_SECRET_KEY_KEY],
        // The URL's password is the database user's: one source per credential.
        database?.credentials
          ? { source: secretSource(database.credentials, FLAGSMITH_DATABASE_URL_KEY, "url-password") }
          : undefined,
      ),
    ],
    ...(scaling
      ? {
          autoscaling: {
            pods: [
              chartPodAutoscaling(`Deployment/${RELEASE}-api`, scaling.bounds, {
                cpu: scaling.utilization.cpu ?? 70,
              }),
            ],
          },
        }
      : {}),
  };
}
