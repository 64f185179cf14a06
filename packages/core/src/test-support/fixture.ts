import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigMap } from "kubernetes-models/v1/ConfigMap";
import { helmComponent } from "../builders/helm.js";
import { type ClusterDefinition, defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import type { Component } from "../model/component.js";
import { defineNamespacePackage, type NamespacePackage, NO_OPTIONS } from "../model/namespace-package.js";
import { secretRef } from "../model/secret-ref.js";
import { encryptSopsYaml, generateAgeKeyPair } from "../secrets/index.js";

/** A throw-away cluster folder with one valid encrypted secret, for render tests. */
export interface Fixture {
  readonly dir: string;
  readonly settings: ClusterSettings;
  readonly identity: string;
}

/** Creates a temp cluster folder whose age key encrypts `secrets/apps/app-credentials.sops.yaml`. */
export async function makeFixture(): Promise<Fixture> {
  const dir = await mkdtemp(join(tmpdir(), "helix-fixture-"));
  const key = await generateAgeKeyPair();
  const settings: ClusterSettings = {
    domain: "example.test",
    distribution: "k3s",
    acmeEmail: "ops@example.test",
    git: { url: "https://git.example.test/platform.git" },
    sopsAgeRecipients: [key.recipient],
  };
  await writeSecret(dir, "apps", "app-credentials", { password: "s3cret" }, [key.recipient]);
  return { dir, settings, identity: key.identity };
}

/** Writes an encrypted Secret file into a fixture's secrets/ folder. */
export async function writeSecret(
  dir: string,
  namespace: string,
  name: string,
  stringData: Record<string, string>,
  recipients: readonly string[],
): Promise<void> {
  const plain = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\ntype: Opaque\nstringData:\n${Object.entries(
    stringData,
  )
    .map(([k, v]) => `  ${k}: ${v}`)
    .join("\n")}\n`;
  await mkdir(join(dir, "secrets", namespace), { recursive: true });
  await writeFile(
    join(dir, "secrets", namespace, `${name}.sops.yaml`),
    await encryptSopsYaml(plain, { recipients, now: new Date("2026-01-01T00:00:00Z") }),
  );
}

/** A valid component: a pinned chart that needs the fixture's secret, and a ConfigMap. */
export function appComponent(overrides: Partial<Component> = {}): Component {
  const base = helmComponent<{ replicas: number; auth: { existingSecret: string } }>({
    name: "app",
    namespace: "apps",
    chart: { oci: "oci://ghcr.io/example/charts/app", version: "1.2.3" },
    values: { replicas: 2, auth: { existingSecret: "app-credentials" } },
    valuesFrom: [
      { kind: "Secret", name: "app-credentials", valuesKey: "password", targetPath: "auth.password" },
    ],
    secrets: [secretRef("app-credentials", ["password"])],
    extraObjects: [new ConfigMap({ metadata: { name: "app-config" }, data: { mode: "production" } })],
  });
  return { ...base, ...overrides };
}

/** A namespace package "apps" with the given components. */
export function appsPackage(components: readonly Component[], packageName = "@test/apps"): NamespacePackage {
  return defineNamespacePackage({
    packageName,
    namespace: "apps",
    optionsSchema: NO_OPTIONS,
    components: () => components,
  })();
}

/** A cluster named "test" with the fixture's settings. */
export function testCluster(fixture: Fixture, namespaces: readonly NamespacePackage[]): ClusterDefinition {
  return defineCluster({ name: "test", settings: fixture.settings, namespaces });
}
