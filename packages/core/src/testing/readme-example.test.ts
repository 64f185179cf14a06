import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { renderReadmeExample } from "./readme-example.js";

const fence = "```";

/**
 * An example cluster (TS source) with the settings `settings`: one namespace with one ConfigMap,
 * which records the LoadBalancer pool the package saw.
 */
const entry = (settings: string) => `
import { defineCluster } from "@helix-cluster/core";
export default defineCluster({
  name: "example",
  settings: ${settings},
  namespaces: [{
    packageName: "@example/app",
    build: (settings) => [{ name: "app", components: [{ name: "app", namespace: "app", objects: [
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "greeting" },
        data: { text: "hello", pool: String(settings.loadBalancerPool ?? "none") } },
    ] }] }],
  }],
});
`;

const agentlessSettings = `{
  domain: "example.org",
  distribution: "eks",
  acmeEmail: "ops@example.org",
  eks: { region: "eu-west-1", kubernetesVersion: "1.36" },
  git: { url: "https://git.example.org/platform.git" },
  sopsAgeRecipients: ["age1mc949jsw8gna5nw673qu6juaakw7h5hzlk2jxkk63zk8crgkwyhq2wy93e"],
}`;

const readme = (settings: string, shown: string) =>
  [
    "# Example",
    `${fence}ts title="cluster.ts"`,
    entry(settings),
    fence,
    `${fence}yaml title="rendered/app/app/configmap-greeting.yaml"`,
    `${shown}${fence}`,
  ].join("\n");

describe("renderReadmeExample", () => {
  let dir = "";
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A package folder inside core (so the example's import of core resolves) holding `text` as README. */
  const packageWith = async (text: string): Promise<string> => {
    dir = await mkdtemp(join(import.meta.dirname, ".readme-package-"));
    await writeFile(join(dir, "README.md"), text);
    return dir;
  };

  it("given a README with a cluster.ts and a rendered block, when rendered, then it returns the block beside the file that rendered", async () => {
    const shown = "---\napiVersion: v1\nkind: ConfigMap\n";
    const example = await renderReadmeExample(await packageWith(readme(agentlessSettings, shown)));

    expect([...example.shown]).toEqual([["app/app/configmap-greeting.yaml", shown]]);
    expect(example.files.get("app/app/configmap-greeting.yaml")).toContain("text: hello");
  });

  it("given an example that leaves out a setting, when rendered, then the neutral settings do not fill it in", async () => {
    // The neutral settings have a LoadBalancer pool; the example has none.
    const example = await renderReadmeExample(await packageWith(readme(agentlessSettings, "x\n")));

    expect(example.files.get("app/app/configmap-greeting.yaml")).toContain("pool: none");
  });

  it("given a README without a rendered block, when rendered, then it fails naming the README and what to add", async () => {
    const text = ["# Example", `${fence}ts title="cluster.ts"`, entry(agentlessSettings), fence].join("\n");
    const folder = await packageWith(text);

    await expect(renderReadmeExample(folder)).rejects.toThrow(
      `${join(folder, "README.md")}: the example needs a \`\`\`ts title="cluster.ts"\`\`\` block and at least one \`\`\`yaml title="rendered/<path>"\`\`\` block`,
    );
  });
});
