// The project of "another repository": a fresh npm project outside the workspace that installs the
// published packages, composes its own cluster and renders it with the published CLI.
import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { delimiter, dirname, join } from "node:path";
import { parseAllDocuments } from "yaml";

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
} as const;

/** The three published packages the consumer composes (core plus two namespace packages). */
export const CONSUMED = [
  "@helix-cluster/core",
  "@helix-cluster/cert-manager",
  "@helix-cluster/system-upgrade",
];

/** Plain-text secrets the consumer encrypts with the published CLI. */
export interface ConsumerSecrets {
  readonly cloudflareToken: string;
  readonly k3sToken: string;
}

/** Secret files, relative to the consumer project. */
export const SECRET_FILES = {
  cloudflare: "secrets/cert-manager/cloudflare-api-token.sops.yaml",
  k3sToken: "secrets/bootstrap/k3s-token.sops.yaml",
} as const;

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

function secretYaml(name: string, namespace: string, key: string, value: string): string {
  return `apiVersion: v1
kind: Secret
metadata:
  name: ${name}
  namespace: ${namespace}
type: Opaque
stringData:
  ${key}: ${value}
`;
}

/** Writes the consumer project; the secrets are plain text until `helix-cluster secrets encrypt`. */
export async function writeConsumerProject(opts: {
  readonly dir: string;
  readonly registryUrl: string;
  readonly recipient: string;
  readonly dependencies: Readonly<Record<string, string>>;
  readonly devDependencies: Readonly<Record<string, string>>;
}): Promise<ConsumerSecrets> {
  const { dir } = opts;
  const secrets: ConsumerSecrets = {
    cloudflareToken: `cf-${randomBytes(12).toString("hex")}`,
    k3sToken: `k3s-${randomBytes(24).toString("hex")}`,
  };
  const files: Record<string, string> = {
    "package.json": `${JSON.stringify(
      {
        name: CONSUMER.name,
        version: "1.0.0",
        private: true,
        type: "module",
        dependencies: opts.dependencies,
        devDependencies: opts.devDependencies,
      },
      null,
      2,
    )}\n`,
    ".npmrc": `registry=${opts.registryUrl}/\nfund=false\naudit=false\nupdate-notifier=false\n`,
    ".sops.yaml": `creation_rules:
  - path_regex: ^(secrets|rendered)/.*\\.sops\\.yaml$
    encrypted_regex: ^(data|stringData)$
    age: ${opts.recipient}
`,
    "tsconfig.json": `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2023",
          lib: ["ES2023"],
          module: "nodenext",
          moduleResolution: "nodenext",
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: [],
        },
        include: ["*.ts"],
      },
      null,
      2,
    )}\n`,
    "settings.ts": `import type { ClusterSettings } from "@helix-cluster/core";

/** This repository's cluster: its own domain, nodes, git source and age key. */
export const settings = {
  domain: "${CONSUMER.domain}",
  distribution: "k3s",
  k3sVersion: "${CONSUMER.k3sVersion}",
  acmeEmail: "${CONSUMER.acmeEmail}",
  nodes: ${JSON.stringify(CONSUMER.nodes)},
  git: { url: "${CONSUMER.gitUrl}", branch: "main", path: "./rendered" },
  sopsAgeRecipients: ["${opts.recipient}"],
  timeZone: "Europe/Berlin",
} as const satisfies ClusterSettings;
`,
    // A namespace package of the consumer's own, built from core's API and a kubernetes-models
    // class: the shared peer copy is what core's validation recognises.
    "site.ts": `import { defineComponent, defineNamespacePackage, type InputSchema } from "@helix-cluster/core";
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
`,
    "cluster.ts": `import { certManager } from "@helix-cluster/cert-manager";
import { defineCluster } from "@helix-cluster/core";
import { systemUpgrade } from "@helix-cluster/system-upgrade";
import { settings } from "./settings.js";
import { site } from "./site.js";

export default defineCluster({
  name: "${CONSUMER.name}",
  settings,
  namespaces: [
    certManager({ replicas: 1, dns01: { cloudflare: {} }, wildcardIssuer: "letsencrypt-staging", monitoring: false }),
    systemUpgrade({ plans: { window: { days: ["saturday"], startTime: "02:00", endTime: "05:00" } } }),
    site({ greeting: "from another repository" }),
  ],
});
`,
    // Typechecked only: every export of the published packages has types, and they are not \`any\`.
    "types-check.ts": `import { type CertManagerValues, certManager, certManagerValuesSchema, wildcardSecretName } from "@helix-cluster/cert-manager";
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
`,
    [SECRET_FILES.cloudflare]: secretYaml(
      "cloudflare-api-token",
      "cert-manager",
      "api-token",
      secrets.cloudflareToken,
    ),
    [SECRET_FILES.k3sToken]: secretYaml("k3s-token", "kube-system", "token", secrets.k3sToken),
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, path)), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  return secrets;
}

/** Every file under a folder, by path relative to it (the e2e runs on its own: it does not import the workspace core). */
export async function readTree(root: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const full = join(entry.parentPath, entry.name);
      out.set(full.slice(root.length + 1), await readFile(full, "utf8"));
    }
  }
  return out;
}

/** A Kubernetes object as parsed from YAML. */
export interface ParsedObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: Record<string, unknown>;
  readonly data?: Record<string, unknown>;
  readonly stringData?: Record<string, unknown>;
  readonly resources?: readonly string[];
}

/** Every object of every YAML file of a tree, with the file it came from. */
export function objectsOf(tree: ReadonlyMap<string, string>): { file: string; object: ParsedObject }[] {
  const out: { file: string; object: ParsedObject }[] = [];
  for (const [file, text] of tree) {
    if (!file.endsWith(".yaml")) continue;
    for (const doc of parseAllDocuments(text)) {
      const object = doc.toJS() as ParsedObject | null;
      if (object) out.push({ file, object });
    }
  }
  return out;
}
