import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defineCluster } from "../model/cluster.js";
import { encryptSopsYaml, generateAgeKeyPair } from "../secrets/index.js";
import { K3S_TOKEN_SECRET_PATH } from "./ansible-inventory.js";
import { checkBootstrapSecret } from "./plan-bootstrap.js";

describe("the k3s join token's MAC", () => {
  let dir: string;
  let identity: string;
  let cluster: ReturnType<typeof defineCluster>;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), "helix-token-"));
    const key = await generateAgeKeyPair();
    identity = key.identity;
    cluster = defineCluster({
      name: "edge",
      settings: {
        domain: "example.test",
        distribution: "k3s",
        acmeEmail: "ops@example.test",
        git: { url: "https://git.example.test/platform.git" },
        sopsAgeRecipients: [key.recipient],
      },
      namespaces: [],
    });
    const plain =
      "apiVersion: v1\nkind: Secret\nmetadata:\n  name: k3s-token\n  namespace: kube-system\ntype: Opaque\nstringData:\n  token: K10abc\n";
    await mkdir(dirname(join(dir, K3S_TOKEN_SECRET_PATH)), { recursive: true });
    await writeFile(join(dir, K3S_TOKEN_SECRET_PATH), await encryptSopsYaml(plain, { recipients: [key.recipient] }));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it("given the age key, when the file is intact, then its MAC counts as verified", async () => {
    const result = await checkBootstrapSecret(cluster, dir, { SOPS_AGE_KEY: identity });
    expect(result).toEqual({ problems: [], macs: { verified: 1, unverified: 0 } });
  });

  it("given no age key, when checked, then its MAC counts as not verified and nothing fails", async () => {
    const result = await checkBootstrapSecret(cluster, dir, { XDG_CONFIG_HOME: dir });
    expect(result).toEqual({ problems: [], macs: { verified: 0, unverified: 1 } });
  });

  it("given the age key, when the file was edited after encryption, then a located MAC mismatch is reported", async () => {
    const path = join(dir, K3S_TOKEN_SECRET_PATH);
    await writeFile(path, (await readFile(path, "utf8")).replace("type: Opaque", "type: kubernetes.io/tls"));
    const result = await checkBootstrapSecret(cluster, dir, { SOPS_AGE_KEY: identity });
    expect(result.macs.verified).toBe(0);
    expect(result.problems).toEqual([
      expect.objectContaining({
        cluster: "edge",
        object: "Secret/k3s-token",
        message: expect.stringContaining(`${K3S_TOKEN_SECRET_PATH}: MAC mismatch`),
      }),
    ]);
  });
});
