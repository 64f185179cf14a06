import { mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { main } from "../cli/main.js";
import { readTree } from "../diff/rendered-tree.js";
import { type ClusterDefinition, defineCluster } from "../model/cluster.js";
import type { ClusterSettings } from "../model/cluster-settings.js";
import { defineNamespacePackage } from "../model/namespace-package.js";
import { renderCluster } from "../render/render-cluster.js";
import {
  appComponent,
  appsPackage,
  type Fixture,
  makeFixture,
  testCluster,
} from "../test-support/fixture.js";
import { checkClusterInputs } from "./cluster-inputs.js";
import { ClusterProblemsError, formatProblem } from "./problem.js";

/** Settings as an entry loaded without tsc may hold them: anything at all. */
type Unchecked = Record<string, unknown>;

const node = (name: string, address: string, role: string): Unchecked => ({ name, address, role });
const threeServers = [
  node("s1", "10.0.0.1", "server"),
  node("s2", "10.0.0.2", "server"),
  node("s3", "10.0.0.3", "server"),
];

/** The formatted problems of a cluster whose settings are the fixture's with `change` applied. */
function lines(fx: Fixture, change: Unchecked, extra: Partial<ClusterDefinition> = {}): string[] {
  const settings = { ...fx.settings, ...change } as unknown as ClusterSettings;
  const cluster = defineCluster({ ...testCluster(fx, [appsPackage([appComponent()])]), settings, ...extra });
  return checkClusterInputs(cluster).map(formatProblem);
}

describe("settings checked at run time", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture();
  });

  it("accepts the fixture's valid settings", () => {
    expect(lines(fx, {})).toEqual([]);
  });

  it("rejects a misspelt key and names the key it likely meant", () => {
    // Given loadBalancerPool misspelt, which a render used to drop silently
    const found = lines(fx, { loadBalancerPoool: ["10.0.0.240/28"] });
    // Then
    expect(found).toEqual([
      'test › settings.loadBalancerPoool: unknown key "loadBalancerPoool": did you mean "loadBalancerPool"? [input]',
    ]);
  });

  it("rejects an unknown node role instead of leaving the node out of the inventory", () => {
    const found = lines(fx, {
      k3sVersion: "v1.36.3+k3s1",
      nodes: [...threeServers, node("a1", "10.0.0.11", "master")],
    });
    expect(found).toEqual([
      'test › settings.nodes[3].role: must be one of "server", "agent"; found the string "master" [input]',
    ]);
  });

  it("gives one located problem for a value of the wrong type, not a TypeError or one per character", () => {
    const found = lines(fx, { loadBalancerPool: "10.0.0.240/28", nodes: { s1: "10.0.0.1" } });
    expect(found).toEqual([
      'test › settings.loadBalancerPool: must be an array, found the string "10.0.0.240/28" [input]',
      "test › settings.nodes: must be an array, found an object [input]",
    ]);
  });

  it("rejects an even number of k3s servers, which loses etcd quorum", () => {
    const found = lines(fx, { k3sVersion: "v1.36.3+k3s1", nodes: threeServers.slice(0, 2) });
    expect(found).toEqual([
      "test › settings.nodes: has 2 servers: embedded etcd needs an odd number (1, 3, 5…) to keep a quorum when one fails [input]",
    ]);
  });

  it("rejects invalid and duplicate node addresses and names, and a pool holding a node's address", () => {
    const nodes = [...threeServers, node("s3", "10.0.0.3", "agent"), node("a2", "10.0.0.300", "agent")];
    const found = lines(fx, {
      k3sVersion: "v1.36.3+k3s1",
      nodes,
      loadBalancerPool: ["10.0.0.0/29", "10.0.0.4/30"],
    });
    expect(found).toEqual([
      "test › settings.loadBalancerPool[0]: 10.0.0.0/29 contains 10.0.0.1, the address of nodes[0]: Cilium would hand it to a LoadBalancer [input]",
      "test › settings.loadBalancerPool[0]: 10.0.0.0/29 contains 10.0.0.2, the address of nodes[1]: Cilium would hand it to a LoadBalancer [input]",
      "test › settings.loadBalancerPool[0]: 10.0.0.0/29 contains 10.0.0.3, the address of nodes[2]: Cilium would hand it to a LoadBalancer [input]",
      "test › settings.loadBalancerPool[1]: 10.0.0.4/30 overlaps 10.0.0.0/29 (loadBalancerPool[0]) [input]",
      "test › settings.nodes[3].address: 10.0.0.3 is also the address of nodes[2] [input]",
      'test › settings.nodes[3].name: "s3" is also the name of nodes[2] [input]',
      'test › settings.nodes[4].address: "10.0.0.300" is not an IPv4 address like "10.40.0.11" [input]',
    ]);
  });

  it("rejects an unknown time zone, a malformed e-mail, domain, git URL and age recipient, all at once", () => {
    const found = lines(fx, {
      timeZone: "Mars/Olympus_Mons",
      acmeEmail: "ops@@example",
      domain: "Helix_AI..net",
      git: { url: "github.com/helix-ai/helix-cluster" },
      sopsAgeRecipients: ["age1notakey"],
    });
    expect(found).toEqual([
      'test › settings.acmeEmail: "ops@@example" is not an e-mail address like "platform@example.com" [input]',
      'test › settings.domain: "Helix_AI..net" is not a domain name: lower-case labels of a-z, 0-9 and "-" joined by dots, e.g. "helix.example.com" [input]',
      'test › settings.git.url: "github.com/helix-ai/helix-cluster" is not a https or http or ssh URL with a host [input]',
      'test › settings.sopsAgeRecipients[0]: "age1notakey" is not an age public key (bech32 "age1…", 62 characters, as age-keygen prints) [input]',
      'test › settings.timeZone: "Mars/Olympus_Mons" is not a known IANA time zone, e.g. "Etc/UTC" or "Europe/Berlin" [input]',
    ]);
  });

  it("accepts the UTC names Node leaves out of its list and links such as Europe/Kyiv", () => {
    for (const timeZone of ["Etc/UTC", "UTC", "Europe/Berlin", "Europe/Kyiv"])
      expect(lines(fx, { timeZone })).toEqual([]);
  });

  it("checks versions, buckets and the EKS node group", () => {
    const found = lines(fx, {
      distribution: "eks",
      eks: { region: "Frankfurt", kubernetesVersion: "v1.36", nodeCount: { min: 3, desired: 2, max: 9 } },
      buckets: {
        backupsAws: { bucket: "Helix_Backups", region: "eu-central-1", endpoint: "s3.example.test" },
      },
    });
    expect(found).toEqual([
      'test › settings.buckets.backupsAws.bucket: "Helix_Backups" is not an S3 bucket name: 3 to 63 of a-z, 0-9, "." and "-", starting and ending with a letter or digit [input]',
      'test › settings.buckets.backupsAws.endpoint: "s3.example.test" is not a https or http URL with a host [input]',
      'test › settings.eks.kubernetesVersion: "v1.36" is not an EKS Kubernetes minor version like "1.36" [input]',
      "test › settings.eks.nodeCount: min 3, desired 2, max 9: need min ≤ desired ≤ max and max ≥ 1 [input]",
      'test › settings.eks.region: "Frankfurt" is not an AWS region like "eu-central-1" [input]',
    ]);
    expect(lines(fx, { k3sVersion: "1.36.3", nodes: [threeServers[0]] })).toEqual([
      'test › settings.k3sVersion: "1.36.3" is not a k3s release like "v1.36.3+k3s1" [input]',
    ]);
  });

  it("accepts a cluster's own settings fields only when its settingsSchema declares them", () => {
    const own = { siteCode: "fra1" };
    expect(lines(fx, own)).toEqual([
      'test › settings.siteCode: unknown key "siteCode": known keys here: domain, clusterDomain, distribution, k3sVersion, nodes, loadBalancerPool, acmeEmail, git, sopsAgeRecipients, buckets, fluxAlerts, eks, bootstrap, timeZone, autoscaling [input]',
    ]);
    const settingsSchema = { properties: { siteCode: { type: "string" } }, required: ["siteCode"] };
    expect(lines(fx, own, { settingsSchema })).toEqual([]);
    expect(lines(fx, { siteCode: 7 }, { settingsSchema })).toEqual([
      "test › settings.siteCode: must be a string, found a number (7) [input]",
    ]);
    expect(lines(fx, {}, { settingsSchema })).toEqual([
      "test › settings.siteCode: is required but missing [input]",
    ]);
  });
});

describe("package options checked at run time", () => {
  let fx: Fixture;
  beforeEach(async () => {
    fx = await makeFixture();
  });
  interface WebOptions {
    readonly replicas?: number;
    readonly tls?: { readonly issuer: string } | false;
  }
  const web = defineNamespacePackage<WebOptions>({
    packageName: "@test/web",
    namespace: "apps",
    optionsSchema: {
      type: "object",
      properties: {
        replicas: { type: "number" },
        tls: {
          anyOf: [
            {
              type: "object",
              properties: { issuer: { type: "string" } },
              required: ["issuer"],
              additionalProperties: false,
            },
            { type: "boolean", const: false },
          ],
        },
      },
      additionalProperties: false,
    },
    components: () => [appComponent()],
  });
  const check = (options: unknown) =>
    checkClusterInputs(testCluster(fx, [web(options as WebOptions)])).map(formatProblem);

  it("names the package and the option's path for an unknown key or a wrong type", () => {
    expect(check({ replicaz: 2, tls: "yes" })).toEqual([
      'test › @test/web › options.replicaz: unknown key "replicaz": did you mean "replicas"? [input]',
      'test › @test/web › options.tls: must be an object or false, found the string "yes" [input]',
    ]);
  });

  it("reports the fitting branch of a union: the object's own unknown key", () => {
    expect(check({ tls: { isuer: "ca" } })).toEqual([
      "test › @test/web › options.tls.issuer: is required but missing [input]",
      'test › @test/web › options.tls.isuer: unknown key "isuer": did you mean "issuer"? [input]',
    ]);
  });

  it("accepts valid options and no options", () => {
    expect(check({ replicas: 2, tls: false })).toEqual([]);
    expect(check(undefined)).toEqual([]);
  });
});

describe("a render with bad inputs", () => {
  it("throws before anything is built or written, listing every problem", async () => {
    // Given a cluster folder rendered once with valid settings
    const fx = await makeFixture();
    const good = testCluster(fx, [appsPackage([appComponent()])]);
    await renderCluster(good, { clusterDir: fx.dir });
    const before = await readTree(join(fx.dir, "rendered"));
    let built = false;
    const watched = {
      packageName: "@test/watched",
      build: () => {
        built = true;
        return [];
      },
    };
    // When the settings get a misspelt key and a bad e-mail
    const bad = defineCluster({
      ...good,
      settings: { ...fx.settings, acmeEmail: "nobody", loadBalancerPoool: [] } as unknown as ClusterSettings,
      namespaces: [...good.namespaces, watched],
    });
    const error = await renderCluster(bad, { clusterDir: fx.dir }).catch((e: unknown) => e);
    // Then both are reported, no package was built and the output is untouched
    expect(error).toBeInstanceOf(ClusterProblemsError);
    expect((error as ClusterProblemsError).problems.map((p) => p.path)).toEqual([
      "settings.acmeEmail",
      "settings.loadBalancerPoool",
    ]);
    expect(built).toBe(false);
    expect(await readTree(join(fx.dir, "rendered"))).toEqual(before);
  });

  /** Valid settings of a plain-module entry; each case below plants one class of bad input. */
  const base: Unchecked = {
    domain: "example.test",
    distribution: "k3s",
    k3sVersion: "v1.36.3+k3s1",
    acmeEmail: "ops@example.test",
    git: { url: "https://git.example.test/platform.git" },
    sopsAgeRecipients: ["age1sg2wksdulhqczqrj6mxnl9xhrv004ey63naxvkha7pcygw37692s863667"],
  };
  const cases: [string, Unchecked, string][] = [
    [
      "a misspelt key",
      { loadBalancerPoool: ["10.0.0.240/28"] },
      'bad › settings.loadBalancerPoool: unknown key "loadBalancerPoool": did you mean "loadBalancerPool"?',
    ],
    [
      "an unknown node role",
      { nodes: [node("s1", "10.0.0.1", "master")] },
      'bad › settings.nodes[0].role: must be one of "server", "agent"',
    ],
    ["an even number of servers", { nodes: threeServers.slice(0, 2) }, "bad › settings.nodes: has 2 servers"],
    [
      "a duplicate address",
      { nodes: [node("s1", "10.0.0.1", "server"), node("a1", "10.0.0.1", "agent")] },
      "bad › settings.nodes[1].address: 10.0.0.1 is also the address of nodes[0]",
    ],
    [
      "an invalid address",
      { nodes: [node("s1", "10.0.0.256", "server")] },
      'bad › settings.nodes[0].address: "10.0.0.256" is not an IPv4 address',
    ],
    [
      "a pool over a node",
      { nodes: [node("s1", "10.0.0.1", "server")], loadBalancerPool: ["10.0.0.0/24"] },
      "bad › settings.loadBalancerPool[0]: 10.0.0.0/24 contains 10.0.0.1",
    ],
    [
      "an unknown time zone",
      { timeZone: "Europe/Atlantis" },
      'bad › settings.timeZone: "Europe/Atlantis" is not a known IANA time zone',
    ],
    [
      "a malformed e-mail",
      { acmeEmail: "ops.example.test" },
      'bad › settings.acmeEmail: "ops.example.test" is not an e-mail address',
    ],
    ["a malformed domain", { domain: "example" }, 'bad › settings.domain: "example" is not a domain name'],
    [
      "a wrong type",
      { sopsAgeRecipients: "age1sg2wksdulhqczqrj6mxnl9xhrv004ey63naxvkha7pcygw37692s863667" },
      "bad › settings.sopsAgeRecipients: must be an array, found a long string",
    ],
    [
      "an invalid node name",
      { nodes: [node("Server 1", "10.0.0.1", "server")] },
      'bad › settings.nodes[0].name: "Server 1" is not a DNS-1123 subdomain',
    ],
  ];

  it.each(cases)(
    "makes the CLI exit 1 for %s, with the located message, writing nothing",
    async (_, change, message) => {
      // Given an entry as a plain module (no tsc ever saw it) with one planted problem
      const dir = await mkdtemp(join(tmpdir(), "helix-bad-input-"));
      const entry = join(dir, "cluster.mjs");
      await writeFile(
        entry,
        `export default ${JSON.stringify({ name: "bad", settings: { ...base, ...change }, namespaces: [] })};\n`,
      );
      // When it is rendered
      let err = "";
      const code = await main(["render", entry], { write: () => true }, { write: (t: string) => (err += t) });
      // Then
      expect(code).toBe(1);
      expect(err).toContain(message);
      expect(await readdir(dir)).toEqual(["cluster.mjs"]);
    },
  );

  it("makes the CLI exit 1 for a component name Kubernetes refuses, writing nothing", async () => {
    const dir = await mkdtemp(join(tmpdir(), "helix-bad-name-"));
    const entry = join(dir, "cluster.mjs");
    const pkg = `{ packageName: "@test/apps", build: () => [{ name: "apps", components: [{ name: "Web_App", namespace: "apps", objects: [] }] }] }`;
    await writeFile(
      entry,
      `export default { name: "bad", settings: ${JSON.stringify(base)}, namespaces: [${pkg}] };\n`,
    );
    let err = "";
    const code = await main(["render", entry], { write: () => true }, { write: (t: string) => (err += t) });
    expect(code).toBe(1);
    expect(err).toContain('bad › @test/apps › Web_App: component name "Web_App" is not a DNS-1123 label');
    expect(await readdir(dir)).toEqual(["cluster.mjs"]);
  });
});
