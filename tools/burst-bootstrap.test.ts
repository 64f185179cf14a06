// The burst nodes' bootstrap Secret: built from core's cloud-init and the decrypted k3s token,
// encrypted to the cluster's recipients, stamped with what the render checks it against.
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  BOOTSTRAP_DIGEST_ANNOTATION,
  burstCloudConfigDigest,
  burstPool,
  type ClusterSettings,
  defineCluster,
  K3S_VERSION_ANNOTATION,
} from "@helix-cluster/core";
import { decryptSopsYaml, encryptSopsYaml, generateAgeKeyPair } from "@helix-cluster/core/secrets";
import { kubeSystem } from "@helix-cluster/kube-system";
import { afterEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { TOKEN_PLACEHOLDER, writeBurstBootstrapSecret } from "./burst-bootstrap/write-secret.js";

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

/** A temp cluster folder with a .sops.yaml for its key and an encrypted k3s token. */
async function fixture(token: string) {
  const key = await generateAgeKeyPair();
  const dir = await mkdtemp(join(tmpdir(), "helix-burst-"));
  dirs.push(dir);
  await writeFile(
    join(dir, ".sops.yaml"),
    `creation_rules:\n  - path_regex: ^secrets/.*\\.sops\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: ${key.recipient}\n`,
  );
  await mkdir(join(dir, "secrets/bootstrap"), { recursive: true });
  const plain = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: k3s-token\n  namespace: kube-system\nstringData:\n  token: ${token}\n`;
  await writeFile(
    join(dir, "secrets/bootstrap/k3s-token.sops.yaml"),
    await encryptSopsYaml(plain, { recipients: [key.recipient] }),
  );
  const settings: ClusterSettings = {
    domain: "example.test",
    distribution: "k3s",
    k3sVersion: "v1.36.3+k3s1",
    acmeEmail: "ops@example.test",
    git: { url: "https://git.example.test/x.git" },
    sopsAgeRecipients: [key.recipient],
    nodes: [{ name: "s1", address: "10.0.0.1", role: "server" }],
    autoscaling: {
      burst: {
        provider: "linode",
        region: "eu-central",
        instance: { type: "g6-standard-2", cpu: 2, memoryMiB: 4096, hourlyPrice: 0.036, monthlyPrice: 24 },
        maxNodes: 2,
        maxHourlyCost: 0.1,
      },
    },
  };
  const cluster = defineCluster({ name: "t", settings, namespaces: [kubeSystem({ linodeBurst: {} })] });
  return { dir, key, cluster, settings };
}

const secretFile = (dir: string) => join(dir, "secrets/kube-system/linode-burst-bootstrap.sops.yaml");

describe("npm run burst-bootstrap", () => {
  it("given the cluster's age key, when run, then the Secret holds core's cloud-init with the decrypted token, stamped for the render's checks", async () => {
    const { dir, key, cluster, settings } = await fixture("K10abc::server:s3cret");
    await writeBurstBootstrapSecret({ cluster, clusterDir: dir, identities: [key.identity] });
    const text = await readFile(secretFile(dir), "utf8");
    expect(text).not.toContain("s3cret");
    const doc = parse(text) as { metadata: { annotations: Record<string, string> } };
    const pool = burstPool(settings);
    if (!pool) throw new Error("fixture has a burst pool");
    expect(doc.metadata.annotations).toEqual({
      [BOOTSTRAP_DIGEST_ANNOTATION]: burstCloudConfigDigest(pool),
      [K3S_VERSION_ANNOTATION]: "v1.36.3+k3s1",
    });
    const plain = parse(await decryptSopsYaml(text, [key.identity])) as {
      stringData: { value: string; format: string };
    };
    expect(plain.stringData.format).toBe("cloud-config");
    const cloud = parse(plain.stringData.value) as { write_files: { path: string; content: string }[] };
    expect(cloud.write_files.find((f) => f.path === "/etc/rancher/k3s/token")?.content).toBe(
      "K10abc::server:s3cret\n",
    );
  });

  it("given no age key, when run, then it stops and says how to give one, writing nothing", async () => {
    const { dir, cluster } = await fixture("K10abc::server:s3cret");
    await expect(writeBurstBootstrapSecret({ cluster, clusterDir: dir, identities: [] })).rejects.toThrow(
      /no age key to decrypt secrets\/bootstrap\/k3s-token\.sops\.yaml: set SOPS_AGE_KEY_FILE/,
    );
    await expect(readFile(secretFile(dir), "utf8")).rejects.toThrow(/ENOENT/);
  });

  it("given --token-placeholder, when run without a key, then the token file holds the named placeholder", async () => {
    const { dir, key, cluster } = await fixture("K10abc::server:s3cret");
    await writeBurstBootstrapSecret({ cluster, clusterDir: dir, placeholder: true, identities: [] });
    const plain = parse(await decryptSopsYaml(await readFile(secretFile(dir), "utf8"), [key.identity])) as {
      stringData: { value: string };
    };
    expect(plain.stringData.value).toContain(TOKEN_PLACEHOLDER);
  });

  it("given a cluster without burst nodes, when run, then it refuses", async () => {
    const { dir, cluster } = await fixture("t");
    const none = defineCluster({ ...cluster, namespaces: [] });
    await expect(
      writeBurstBootstrapSecret({ cluster: none, clusterDir: dir, placeholder: true }),
    ).rejects.toThrow(/has no burst nodes/);
  });
});
