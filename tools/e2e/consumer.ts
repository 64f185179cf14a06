// The project of "another repository": a fresh npm project outside the workspace that installs the
// published packages, composes its own cluster of every namespace package (and each package alone)
// and renders it with the published CLI.
import { mkdir, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { type ConsumedPackage, NAMESPACE_PACKAGES } from "./consumer-packages.js";

/** The consumer's own settings: nothing here comes from the workspace's clusters. */
export const CONSUMER = {
  name: "e2e-consumer",
  domain: "platform.e2e-consumer.example",
  acmeEmail: "ops@e2e-consumer.example",
  k3sVersion: "v1.36.3+k3s1",
  gitUrl: "https://git.e2e-consumer.example/platform",
  nodes: [
    { name: "consumer-server-1", address: "192.0.2.11", role: "server" },
    { name: "consumer-agent-1", address: "192.0.2.21", role: "agent" },
  ],
  loadBalancerPool: ["198.51.100.240/28"],
  bucketEndpoint: "https://s3.e2e-consumer.example",
  /** The bucket slots the packages write to by default, each a bucket of the consumer's own. */
  bucketSlots: ["backups", "offsiteBackups", "metrics", "logs", "traces", "profiles"],
} as const;

/** The consumer's entry composing every package. */
export const ALL_ENTRY = "cluster.ts";

/** The consumer's entry composing one package alone (a folder of its own: secrets sit beside an entry). */
export function aloneEntry(pkg: ConsumedPackage): string {
  return `alone/${pkg.short}/cluster.ts`;
}

/** The consumer's script printing the Secrets each entry declares (see declaredSecretsScript). */
export const DECLARED_SECRETS_SCRIPT = "declared-secrets.ts";
/** The consumer's script building every kustomization folder of rendered trees. */
export const KUSTOMIZE_BUILD_SCRIPT = "kustomize-build.ts";

/**
 * Environment for commands in the consumer: no npm_* (an outer `npm run` exports its config, which
 * would beat the project's .npmrc), no NX_*, no loader in NODE_OPTIONS, and a PATH without the
 * workspace's node_modules/.bin, whose first entry is the Node running this script.
 */
export function consumerEnv(
  workspaceRoot: string,
  extra: Readonly<Record<string, string>> = {},
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (value === undefined || /^(npm_|NX_|TSX_)/i.test(key) || key === "NODE_OPTIONS" || key === "INIT_CWD")
      continue;
    env[key] = value;
  }
  const path = (process.env.PATH ?? "")
    .split(delimiter)
    .filter((p) => p !== "" && !p.startsWith(workspaceRoot));
  env.PATH = [dirname(process.execPath), ...path].join(delimiter);
  return { ...env, FORCE_COLOR: "0", NO_COLOR: "1", ...extra };
}

const json = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;

function settingsTs(recipient: string): string {
  const buckets = Object.fromEntries(
    CONSUMER.bucketSlots.map((slot) => [
      slot,
      {
        bucket: `e2e-consumer-${slot.toLowerCase()}`,
        region: "eu-central-1",
        endpoint: CONSUMER.bucketEndpoint,
        forcePathStyle: true,
      },
    ]),
  );
  return `import type { ClusterSettings } from "@helix-cluster/core";

/** This repository's cluster: its own domain, nodes, address pool, buckets, git source and age key. */
export const settings = {
  domain: "${CONSUMER.domain}",
  distribution: "k3s",
  k3sVersion: "${CONSUMER.k3sVersion}",
  acmeEmail: "${CONSUMER.acmeEmail}",
  nodes: ${JSON.stringify(CONSUMER.nodes)},
  loadBalancerPool: ${JSON.stringify(CONSUMER.loadBalancerPool)},
  buckets: ${JSON.stringify(buckets)},
  git: { url: "${CONSUMER.gitUrl}", branch: "main", path: "./rendered" },
  sopsAgeRecipients: ["${recipient}"],
  timeZone: "Europe/Berlin",
} as const satisfies ClusterSettings;
`;
}

// A namespace package of the consumer's own, built from core's API and a kubernetes-models class:
// the shared peer copy is what core's validation recognises.
const SITE_TS = `import { defineComponent, defineNamespacePackage, type InputSchema } from "@helix-cluster/core";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";

export interface SiteOptions {
  readonly greeting?: string;
}

/** The options' schema, checked before the build (a package may write it by hand). */
const optionsSchema: InputSchema = {
  type: "object",
  properties: { greeting: { type: "string" } },
  additionalProperties: false,
};

export const site = defineNamespacePackage<SiteOptions>({
  packageName: "${CONSUMER.name}",
  namespace: "site",
  optionsSchema,
  components: (settings, options) => [
    defineComponent({
      name: "site-config",
      namespace: "site",
      objects: [
        new ConfigMap({
          metadata: { name: "site", namespace: "site" },
          data: { domain: settings.domain, greeting: options.greeting ?? "hello" },
        }),
      ],
    }),
  ],
});
`;

const importOf = (pkg: ConsumedPackage): string => `import { ${pkg.factory} } from "${pkg.name}";`;

function allTs(): string {
  return `${NAMESPACE_PACKAGES.map(importOf).join("\n")}
import { defineCluster } from "@helix-cluster/core";
import { settings } from "./settings.js";
import { site } from "./site.js";

/** Every published namespace package, composed with this repository's settings and a package of its own. */
export default defineCluster({
  name: "${CONSUMER.name}",
  settings,
  namespaces: [
${NAMESPACE_PACKAGES.map((p) => `    ${p.factory}(${p.options}),`).join("\n")}
    site({ greeting: "from another repository" }),
  ],
});
`;
}

// Alone, an autoscaled package needs a metrics API: kube-system's metrics-server serves it in the
// full cluster; elsewhere core's stand-in takes its place, as the consumer's own metrics server would.
function aloneTs(pkg: ConsumedPackage): string {
  const standIn = pkg.short !== "kube-system";
  return `${importOf(pkg)}
import { defineCluster } from "@helix-cluster/core";
${standIn ? `import { resourceMetricsStandIn } from "@helix-cluster/core/testing";\n` : ""}import { settings } from "../../settings.js";

/** ${pkg.name} alone in this repository's cluster. */
export default defineCluster({
  name: "${CONSUMER.name}-${pkg.short}",
  settings,
  namespaces: [${pkg.factory}(${pkg.options})${standIn ? ", resourceMetricsStandIn()" : ""}],
});
`;
}

/**
 * Prints, as JSON by entry, the Secret files each entry's packages declare (with the keys, and the
 * Secret a key copies) and the package of each component: what the consumer must encrypt, and what
 * the render must hold.
 */
const DECLARED_SECRETS_TS = `import { pathToFileURL } from "node:url";
import { assembleCluster, type ClusterDefinition, type SecretSource } from "@helix-cluster/core";

interface Declared {
  readonly secrets: { readonly file: string; readonly keys: readonly string[]; readonly source?: SecretSource }[];
  readonly components: Record<string, string>;
  readonly problems: readonly string[];
}

const out: Record<string, Declared> = {};
for (const entry of process.argv.slice(2)) {
  const cluster = ((await import(pathToFileURL(entry).href)) as { default: ClusterDefinition }).default;
  const assembled = assembleCluster(cluster);
  out[entry] = {
    secrets: assembled.secrets.map((s) => ({
      file: s.sourcePath,
      keys: s.ref.keys,
      ...(s.ref.source ? { source: s.ref.source } : {}),
    })),
    components: Object.fromEntries(assembled.componentPackages),
    problems: assembled.problems.map((p) => p.message),
  };
}
process.stdout.write(JSON.stringify(out));
`;

/**
 * Builds every kustomization folder of each rendered tree given, with core's test kit and the
 * bundled kubectl, in one kubectl run per tree: a kustomization of its own lists the tree's root
 * (which lists the namespace folders) and every component folder, so it fails when any folder does
 * not build, or when two folders declare the same object.
 */
const KUSTOMIZE_BUILD_TS = `import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { kustomizationFolders, kustomizeBuild } from "@helix-cluster/core/testing";

let folders = 0;
let objects = 0;
for (const tree of process.argv.slice(2)) {
  const all = kustomizationFolders(readdirSync(tree, { recursive: true, encoding: "utf8" }));
  const union = mkdtempSync(join(process.cwd(), ".kustomize-"));
  try {
    // A namespace folder (one level down) is built as a resource of the root.
    const resources = all.filter((f) => f === "." || f.includes("/")).map((f) => relative(union, resolve(tree, f)));
    const lines = ["apiVersion: kustomize.config.k8s.io/v1beta1", "kind: Kustomization", "resources:"];
    writeFileSync(join(union, "kustomization.yaml"), [...lines, ...resources.map((r) => \`  - \${r}\`), ""].join("\\n"));
    const built = kustomizeBuild(union, ["."]).get(".") ?? "";
    folders += all.length;
    objects += built.match(/^kind: /gm)?.length ?? 0;
  } finally {
    rmSync(union, { recursive: true, force: true });
  }
}
process.stdout.write(\`built \${folders} kustomization folders: \${objects} objects\\n\`);
`;

// Typechecked only: every export of the published packages has types, and they are not \`any\`.
const TYPES_CHECK_TS = `import { type CertManagerValues, certManager, certManagerValuesSchema, wildcardSecretName } from "@helix-cluster/cert-manager";
import { type ClusterDefinition, defineCluster } from "@helix-cluster/core";
import { generatedModelClasses } from "@helix-cluster/core/models";
import { decryptSopsYaml, encryptSopsYaml, generateAgeKeyPair } from "@helix-cluster/core/secrets";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import cluster from "./cluster.js";

const entry: ClusterDefinition = cluster;
const secretName: string = wildcardSecretName(entry.settings.domain);
const values: CertManagerValues = { replicaCount: 1 };
const valuesChecked: number = certManagerValuesSchema.validate(values).length;
const crypto: [typeof encryptSopsYaml, typeof decryptSopsYaml, typeof generateAgeKeyPair] = [
  encryptSopsYaml,
  decryptSopsYaml,
  generateAgeKeyPair,
];
const modelCount: number = generatedModelClasses.length;
// @ts-expect-error a misspelled option is a type error
certManager({ replica: 1 });
// @ts-expect-error the cluster needs settings
defineCluster({ name: "x", namespaces: [systemUpgrade()] });
export { crypto, modelCount, secretName, values, valuesChecked };
`;

/** Writes the consumer project (its secrets come later: see consumer-secrets.ts). */
export async function writeConsumerProject(opts: {
  readonly dir: string;
  readonly registryUrl: string;
  readonly recipient: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}): Promise<void> {
  const files: Record<string, string> = {
    "package.json": json({
      name: CONSUMER.name,
      version: "1.0.0",
      private: true,
      type: "module",
      dependencies: opts.dependencies,
      devDependencies: opts.devDependencies,
    }),
    ".npmrc": `registry=${opts.registryUrl}/\nfund=false\naudit=false\nupdate-notifier=false\n`,
    ".sops.yaml": `creation_rules:
  - path_regex: ^(alone/[^/]+/)?(secrets|rendered)/.*\\.sops\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: ${opts.recipient}
`,
    "tsconfig.json": json({
      compilerOptions: {
        target: "ES2023",
        lib: ["ES2023"],
        module: "nodenext",
        moduleResolution: "nodenext",
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ["node"],
      },
      include: ["*.ts", "alone/*/*.ts"],
    }),
    "settings.ts": settingsTs(opts.recipient),
    "site.ts": SITE_TS,
    [ALL_ENTRY]: allTs(),
    [DECLARED_SECRETS_SCRIPT]: DECLARED_SECRETS_TS,
    [KUSTOMIZE_BUILD_SCRIPT]: KUSTOMIZE_BUILD_TS,
    "types-check.ts": TYPES_CHECK_TS,
  };
  for (const pkg of NAMESPACE_PACKAGES) files[aloneEntry(pkg)] = aloneTs(pkg);
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(opts.dir, path)), { recursive: true });
    await writeFile(join(opts.dir, path), text);
  }
}
