import type { IntegrationOption } from "@helix-cluster/core";

/** The roles of the app environments, each a namespace (of the same name unless its `namespace` option says otherwise). */
export type EnvironmentName = "production" | "staging" | "testing";

/** Options of the environments package. */
export interface EnvironmentsOptions {
  /** The production namespace. */
  readonly production?: EnvironmentOptions;
  /** The staging namespace. */
  readonly staging?: EnvironmentOptions;
  /** The testing namespace. */
  readonly testing?: EnvironmentOptions;
  /**
   * Inject Istio sidecars (mTLS, Flagger canaries, mesh telemetry) and scope each sidecar's
   * configuration to what the namespace may reach: an integration with the istio-system package.
   * @default "auto" (on when the cluster installs Istio's Sidecar CRD)
   */
  readonly mesh?: IntegrationOption;
  /**
   * Label put on each environment's Namespace, valued with the environment's role (production,
   * staging, testing), for selectors and dashboards that tell environments apart.
   * @default "environment"
   */
  readonly environmentLabelKey?: string;
  /** Namespaces the policies open traffic to and from. */
  readonly peers?: PeerNamespaces;
}

/** Namespaces of the platform services the environments talk to. */
export interface PeerNamespaces {
  /** CoreDNS. @default "kube-system" */
  readonly dns?: string;
  /** istiod. @default "istio-system" */
  readonly istioControlPlane?: string;
  /** The ingress gateway. @default "istio-ingress" */
  readonly ingressGateway?: string;
  /** Prometheus (scrapes) and the OTLP collector (receives traces, metrics, logs). @default "monitoring" */
  readonly monitoring?: string;
  /** MySQL, Redis and RabbitMQ. @default "data-plane" */
  readonly dataPlane?: string;
}

/** Options of one environment. */
export interface EnvironmentOptions {
  /** Render this environment. @default true */
  readonly enabled?: boolean;
  /** Name of its namespace. @default the environment's role: "production", "staging" or "testing" */
  readonly namespace?: string;
  /**
   * Pod Security Standard enforced (the other level is warned and audited up to restricted).
   * @default "restricted" for production and staging, "baseline" for testing
   */
  readonly podSecurity?: "restricted" | "baseline";
  /** Opt the namespace in to Chaos Mesh experiments. @default true for testing only */
  readonly chaosExperiments?: boolean;
  /** Allow egress to the data plane's MySQL, Redis and RabbitMQ ports. @default true */
  readonly dataPlaneAccess?: boolean;
  /** Outside networks (CIDR) apps may call, e.g. an external API's range. @default [] */
  readonly egressCidrs?: readonly string[];
  /** Namespace totals. @default ENVIRONMENT_DEFAULTS[env].quota */
  readonly quota?: QuotaOptions;
  /** Per-container defaults and bounds. @default ENVIRONMENT_DEFAULTS[env].limits */
  readonly limits?: LimitOptions;
  /** The default autoscaling policy apps opt into (appAutoscaler), and the room the quota keeps for it. @default ENVIRONMENT_DEFAULTS[env].autoscaling */
  readonly autoscaling?: AppAutoscalingPolicy;
}

/**
 * The HorizontalPodAutoscaler policy an app of the environment opts into with `appAutoscaler`, and
 * how many such apps the quota must hold at their maximum.
 */
export interface AppAutoscalingPolicy {
  /** Fewest replicas of an autoscaled app. */
  readonly minReplicas?: number;
  /** Most replicas of an autoscaled app. */
  readonly maxReplicas?: number;
  /** Target average CPU utilisation, in percent of the pods' requests. */
  readonly cpuUtilization?: number;
  /** Seconds of low load before replicas are removed (then at most half of them a minute). */
  readonly scaleDownStabilizationSeconds?: number;
  /**
   * Autoscaled apps the quota must hold at maxReplicas at once, each pod with the LimitRange's
   * default requests plus the mesh sidecar's: the build fails when the quota has less room.
   */
  readonly apps?: number;
}

/** ResourceQuota of an environment (quantities in Kubernetes notation). */
export interface QuotaOptions {
  /** Sum of CPU requests. */
  readonly requestsCpu?: string;
  /** Sum of memory requests. */
  readonly requestsMemory?: string;
  /** Sum of memory limits. */
  readonly limitsMemory?: string;
  /** Pods. */
  readonly pods?: number;
  /** PersistentVolumeClaims. */
  readonly persistentVolumeClaims?: number;
  /** Sum of requested storage. */
  readonly requestsStorage?: string;
}

/** LimitRange of an environment's containers. */
export interface LimitOptions {
  /** CPU request of a container that sets none. */
  readonly defaultCpuRequest?: string;
  /** Memory request of a container that sets none. */
  readonly defaultMemoryRequest?: string;
  /** Memory limit of a container that sets none. */
  readonly defaultMemoryLimit?: string;
  /** Highest memory limit a container may set. */
  readonly maxMemory?: string;
}

/** Sizing of each environment when the options say nothing. */
export const ENVIRONMENT_DEFAULTS: Readonly<
  Record<
    EnvironmentName,
    {
      readonly quota: Required<QuotaOptions>;
      readonly limits: Required<LimitOptions>;
      readonly autoscaling: Required<AppAutoscalingPolicy>;
    }
  >
> = {
  production: {
    quota: {
      requestsCpu: "24",
      requestsMemory: "48Gi",
      limitsMemory: "96Gi",
      pods: 300,
      persistentVolumeClaims: 40,
      requestsStorage: "1Ti",
    },
    limits: {
      defaultCpuRequest: "100m",
      defaultMemoryRequest: "128Mi",
      defaultMemoryLimit: "512Mi",
      maxMemory: "16Gi",
    },
    autoscaling: {
      minReplicas: 2,
      maxReplicas: 10,
      cpuUtilization: 70,
      scaleDownStabilizationSeconds: 300,
      apps: 6,
    },
  },
  staging: {
    quota: {
      requestsCpu: "8",
      requestsMemory: "16Gi",
      limitsMemory: "32Gi",
      pods: 150,
      persistentVolumeClaims: 20,
      requestsStorage: "300Gi",
    },
    limits: {
      defaultCpuRequest: "50m",
      defaultMemoryRequest: "128Mi",
      defaultMemoryLimit: "512Mi",
      maxMemory: "8Gi",
    },
    autoscaling: {
      minReplicas: 1,
      maxReplicas: 4,
      cpuUtilization: 75,
      scaleDownStabilizationSeconds: 300,
      apps: 6,
    },
  },
  testing: {
    quota: {
      requestsCpu: "6",
      requestsMemory: "12Gi",
      limitsMemory: "24Gi",
      pods: 150,
      persistentVolumeClaims: 20,
      requestsStorage: "200Gi",
    },
    limits: {
      defaultCpuRequest: "50m",
      defaultMemoryRequest: "96Mi",
      defaultMemoryLimit: "384Mi",
      maxMemory: "8Gi",
    },
    autoscaling: {
      minReplicas: 1,
      maxReplicas: 3,
      cpuUtilization: 80,
      scaleDownStabilizationSeconds: 120,
      apps: 6,
    },
  },
};

/**
 * What the Istio sidecar injected into every meshed pod requests and limits (the istio-system
 * package's global.proxy.resources; the on-prem cluster's test keeps the two equal). Quota room is
 * counted with it.
 */
export const MESH_SIDECAR_RESOURCES = { cpu: "50m", memory: "128Mi", memoryLimit: "512Mi" } as const;

/** The environments in the order they are rendered. */
export const ENVIRONMENTS: readonly EnvironmentName[] = ["production", "staging", "testing"];
/** Label key of the environment role when the options name none (a cluster may pick its own). */
export const DEFAULT_ENVIRONMENT_LABEL_KEY = "environment";
/** Istio's Sidecar resource type: the mesh integration is on when some component installs it. */
export const SIDECAR_CRD = "networking.istio.io/Sidecar";
/** Annotation that opts a namespace in to Chaos Mesh's injection and experiments. */
export const CHAOS_MESH_ANNOTATION = "chaos-mesh.org/inject";

/** Ports of the data plane: MySQL (server, Router RW/RO), Redis, Sentinel, RabbitMQ (AMQP). */
export const DATA_PLANE_PORTS: readonly number[] = [3306, 6446, 6447, 6379, 26379, 5672];
/** istiod ports a sidecar uses: xDS and certificates (15012), the injection/validation webhook (15017). */
export const ISTIOD_PORTS: readonly number[] = [15012, 15017];
/** Ports Prometheus scrapes on a meshed pod: merged app+agent metrics (15020), Envoy stats (15090). */
export const SCRAPE_PORTS: readonly number[] = [15020, 15090];
/** OTLP gRPC and HTTP. */
export const OTLP_PORTS: readonly number[] = [4317, 4318];
