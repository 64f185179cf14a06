// What the consumer's render must hold. Each check returns every problem it finds (an empty list
// when the render is right), so a failing run names them all at once.
import { CONSUMER } from "./consumer.js";
import type { ConsumedPackage } from "./consumer-packages.js";
import type { EntryDeclarations } from "./consumer-secrets.js";
import { objectsOf, type ParsedObject } from "./rendered-tree.js";

type Tree = ReadonlyMap<string, string>;

function finder(tree: Tree): (kind: string, name: string, namespace?: string) => ParsedObject | undefined {
  const objects = objectsOf(tree).map(({ object }) => object);
  return (kind, name, namespace) =>
    objects.find(
      (o) =>
        o.kind === kind &&
        o.metadata?.name === name &&
        (namespace === undefined || (o.metadata?.namespace ?? "") === namespace),
    );
}

/**
 * Every package is in the render: the object it must render, and for each of its components a
 * Flux Kustomization of that name whose folder holds a kustomization.yaml.
 */
export function packageProblems(
  tree: Tree,
  declared: EntryDeclarations,
  packages: readonly ConsumedPackage[],
): string[] {
  const find = finder(tree);
  const problems: string[] = [];
  for (const pkg of packages) {
    const { kind, namespace, name } = pkg.renders;
    if (!find(kind, name, namespace))
      problems.push(`${pkg.name}: no ${kind} ${namespace ? `${namespace}/` : ""}${name} in the render`);
    const components = Object.entries(declared.components)
      .filter(([, owner]) => owner === pkg.name)
      .map(([component]) => component);
    if (components.length === 0) problems.push(`${pkg.name}: builds no component`);
    for (const component of components) {
      const sync = find("Kustomization", component, "flux-system");
      const path = typeof sync?.spec?.path === "string" ? sync.spec.path : undefined;
      const folder = path?.replace(/^\.\/rendered\//, "");
      if (!folder) problems.push(`${pkg.name} › ${component}: no Flux Kustomization with a path`);
      else if (!tree.has(`${folder}/kustomization.yaml`))
        problems.push(`${pkg.name} › ${component}: ${path} has no kustomization.yaml`);
    }
  }
  return problems;
}

/** The root kustomization lists exactly the namespace folders of the tree, the consumer's own included. */
export function rootProblems(tree: Tree): string[] {
  const root = objectsOf(new Map([["kustomization.yaml", tree.get("kustomization.yaml") ?? ""]]))[0]?.object;
  const listed = [...(root?.resources ?? [])].sort();
  const folders = [...tree.keys()]
    .filter((p) => /^[^/]+\/kustomization\.yaml$/.test(p))
    .map((p) => `./${p.split("/")[0]}`)
    .sort();
  const problems: string[] = [];
  if (JSON.stringify(listed) !== JSON.stringify(folders))
    problems.push(
      `root kustomization lists ${JSON.stringify(listed)}, the tree has ${JSON.stringify(folders)}`,
    );
  if (!listed.includes("./site")) problems.push("root kustomization does not list the consumer's ./site");
  return problems;
}

/** The consumer's settings and options reached the objects built from them. */
export function settingsProblems(tree: Tree, bootstrap: Tree, recipient: string): string[] {
  const find = finder(tree);
  const problems: string[] = [];
  const expect = (ok: boolean, message: string): void => {
    if (!ok) problems.push(message);
  };
  const git = find("GitRepository", "flux-system");
  expect(git?.spec?.url === CONSUMER.gitUrl, `GitRepository url ${JSON.stringify(git?.spec)}`);
  const sync = find("Kustomization", "cluster");
  expect(sync?.spec?.path === "./rendered", `cluster Kustomization path ${String(sync?.spec?.path)}`);

  const issuer = JSON.stringify(find("ClusterIssuer", "letsencrypt-production")?.spec ?? {});
  expect(issuer.includes(CONSUMER.acmeEmail) && issuer.includes(CONSUMER.domain), `ClusterIssuer ${issuer}`);
  const wildcard = objectsOf(tree).find(
    ({ object }) => object.kind === "Certificate" && object.metadata?.name?.startsWith("wildcard-"),
  );
  const wildcardSpec = JSON.stringify(wildcard?.object.spec ?? {});
  expect(
    wildcardSpec.includes(`*.${CONSUMER.domain}`) && wildcardSpec.includes("letsencrypt-staging"),
    `wildcard Certificate ${wildcardSpec}`,
  );
  const release = JSON.stringify(find("HelmRelease", "cert-manager")?.spec ?? {});
  expect(release.includes('"replicaCount":1'), `cert-manager HelmRelease ${release}`);

  const plan = find("Plan", "server-plan");
  expect(plan?.spec?.version === CONSUMER.k3sVersion, `server-plan version ${String(plan?.spec?.version)}`);
  expect(
    JSON.stringify(plan?.spec?.window ?? {}).includes("saturday"),
    `server-plan window ${JSON.stringify(plan?.spec)}`,
  );
  const site = find("ConfigMap", "site");
  expect(
    site?.data?.domain === CONSUMER.domain && site.data.greeting === "from another repository",
    `site ConfigMap ${JSON.stringify(site?.data)}`,
  );
  // The consumer's buckets, never another cluster's.
  const everything = [...tree.values()].join("\n");
  expect(
    everything.includes(CONSUMER.bucketEndpoint),
    `no object uses the bucket endpoint ${CONSUMER.bucketEndpoint}`,
  );

  const secretFile = "cert-manager/cert-manager-issuers/secret-cloudflare-api-token.sops.yaml";
  const secret = tree.get(secretFile) ?? "";
  expect(secret.includes("ENC[AES256_GCM,") && secret.includes(recipient), `${secretFile} is not encrypted`);
  for (const node of CONSUMER.nodes) {
    const config = bootstrap.get(`k3s/${node.name}.yaml`) ?? "";
    expect(config.includes(node.address), `bootstrap/k3s/${node.name}.yaml does not hold ${node.address}`);
  }
  const inventory = bootstrap.get("ansible/inventory.yaml") ?? "";
  expect(
    CONSUMER.nodes.every((n) => inventory.includes(n.name)),
    "bootstrap/ansible/inventory.yaml does not list the nodes",
  );
  return problems;
}

/** Files (by the label given) holding one of the plain values. */
export function leakProblems(
  files: Iterable<readonly [string, string]>,
  values: readonly string[],
): string[] {
  const problems: string[] = [];
  for (const [file, text] of files)
    if (values.some((v) => text.includes(v))) problems.push(`${file} holds a secret value in plain text`);
  return problems;
}

/** The secret files that are not SOPS-encrypted to the recipient. */
export function unencryptedProblems(files: Iterable<readonly [string, string]>, recipient: string): string[] {
  const problems: string[] = [];
  for (const [file, text] of files)
    if (!text.includes("ENC[AES256_GCM,") || !text.includes(recipient))
      problems.push(`${file} is not encrypted to the consumer's key`);
  return problems;
}
