import { execFileSync, spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptSopsYaml, generateAgeKeyPair } from "../secrets/index.js";
import { diffRevisions, type RevisionDiff } from "./diff-revisions.js";
import { formatDiffMarkdown } from "./format-markdown.js";
import { formatDiffText } from "./format-text.js";
import { linkNodeModules } from "./link-node-modules.js";

const monorepo = execFileSync("git", ["rev-parse", "--show-toplevel"], {
  cwd: import.meta.dirname,
  encoding: "utf8",
}).trim();

const ENTRY = "clusters/diff-fixture/cluster.ts";

interface FixtureShape {
  readonly chartVersion: string;
  /** Values written in this key order; reordering them must not count as a change. */
  readonly valuesOrder: "ab" | "ba";
  readonly components: readonly string[];
}

/** A self-contained cluster entry: one chart component plus one ConfigMap component per name. */
function entrySource(recipient: string, shape: FixtureShape): string {
  const values = shape.valuesOrder === "ab" ? "{ a: 1, b: { c: true } }" : "{ b: { c: true }, a: 1 }";
  const extra = shape.components
    .map(
      (name) =>
        `{ name: "${name}", namespace: "apps", objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "${name}" }, data: { owner: "${name}" } }] }`,
    )
    .join(",\n      ");
  return `import { defineCluster, defineNamespacePackage, helmComponent, NO_OPTIONS, secretRef } from "@helix-cluster/core";

const apps = defineNamespacePackage({
  packageName: "@test/apps",
  namespace: "apps",
  optionsSchema: NO_OPTIONS,
  components: () => [
    helmComponent({
      name: "app",
      namespace: "apps",
      chart: { oci: "oci://ghcr.io/example/charts/app", version: "${shape.chartVersion}" },
      values: ${values},
      valuesFrom: [{ kind: "Secret", name: "app-credentials", valuesKey: "password", targetPath: "auth.password" }],
      secrets: [secretRef("app-credentials", ["password"])],
    }),
      ${extra}
  ],
});

export default defineCluster({
  name: "diff-fixture",
  settings: {
    domain: "example.test",
    distribution: "k3s",
    acmeEmail: "ops@example.test",
    git: { url: "https://git.example.test/platform.git" },
    sopsAgeRecipients: ["${recipient}"],
  },
  namespaces: [apps()],
});
`;
}

function sh(cwd: string, cmd: string, args: readonly string[]): string {
  return execFileSync(cmd, [...args], {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "test",
      GIT_AUTHOR_EMAIL: "test@example.test",
      GIT_COMMITTER_NAME: "test",
      GIT_COMMITTER_EMAIL: "test@example.test",
    },
  });
}

/** The temporary folder of this file's diffs, so other tests' diffs never count. */
let tempDir: string;
const diffDirs = async (): Promise<string[]> => (await readdir(tempDir)).sort();

describe("diffRevisions on a real repository", () => {
  let repo: string;
  let recipient: string;
  let secretPlaintext: string;
  let diff: RevisionDiff;

  const writeSecret = async (password: string): Promise<void> => {
    const plain = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app-credentials\n  namespace: apps\ntype: Opaque\nstringData:\n  password: ${password}\n`;
    const dir = join(repo, "clusters/diff-fixture/secrets/apps");
    await mkdir(dir, { recursive: true });
    await writeFile(
      join(dir, "app-credentials.sops.yaml"),
      await encryptSopsYaml(plain, { recipients: [recipient] }),
    );
  };
  const writeEntry = (shape: FixtureShape): Promise<void> =>
    writeFile(join(repo, ENTRY), entrySource(recipient, shape));

  beforeAll(async () => {
    tempDir = await mkdtemp(join(tmpdir(), "diff-temp-"));
    // Given a repository made of this monorepo's HEAD plus a small cluster, committed twice:
    repo = await mkdtemp(join(tmpdir(), "diff-repo-"));
    execFileSync("sh", ["-c", `git -C "${monorepo}" archive HEAD | tar -x -C "${repo}"`]);
    await linkNodeModules(monorepo, repo);
    recipient = (await generateAgeKeyPair()).recipient;
    await mkdir(join(repo, "clusters/diff-fixture"), { recursive: true });
    await writeEntry({ chartVersion: "1.0.0", valuesOrder: "ab", components: ["kept", "dropped"] });
    await writeSecret("first-password");
    sh(repo, "git", ["init", "--quiet", "--initial-branch=main"]);
    sh(repo, "git", ["add", "-A"]);
    sh(repo, "git", ["commit", "--quiet", "-m", "base"]);
    // the next commit bumps the chart, reorders its values, drops a component, adds one and
    // re-encrypts the secret with a new value.
    await writeEntry({ chartVersion: "1.1.0", valuesOrder: "ba", components: ["kept", "added"] });
    secretPlaintext = "second-password";
    await writeSecret(secretPlaintext);
    sh(repo, "git", ["commit", "--quiet", "-am", "change"]);
    diff = await diffRevisions({ base: "HEAD~1", cwd: repo, tempDir });
  }, 120_000);

  afterAll(async () => {
    await rm(repo, { recursive: true, force: true });
    await rm(tempDir, { recursive: true, force: true });
  });

  it("reports the objects added and removed, matched by kind, namespace and name", () => {
    const fixture = diff.clusters.find((c) => c.cluster === "diff-fixture");
    expect(fixture?.diff?.added.map((e) => e.label)).toEqual([
      "ConfigMap/apps/added",
      "Kustomization/flux-system/added",
      "rendered/apps/added/kustomization.yaml",
    ]);
    expect(fixture?.diff?.removed.map((e) => e.label)).toEqual([
      "ConfigMap/apps/dropped",
      "Kustomization/flux-system/dropped",
      "rendered/apps/dropped/kustomization.yaml",
    ]);
  });

  it("shows a unified diff of each changed object, ignoring key order", () => {
    const changed = diff.clusters.find((c) => c.cluster === "diff-fixture")?.diff?.changed ?? [];
    expect(changed.map((c) => c.head.label)).toEqual([
      "OCIRepository/apps/app",
      "Secret/apps/app-credentials",
      "rendered/apps/kustomization.yaml",
    ]);
    expect(changed[0]?.diff).toContain("-    tag: 1.0.0\n+    tag: 1.1.0");
    // The HelmRelease's values were reordered only: no change.
    expect(changed.some((c) => c.head.label === "HelmRelease/apps/app")).toBe(false);
  });

  it("reports an encrypted file as changed without showing its content", () => {
    const text = formatDiffText(diff);
    const markdown = formatDiffMarkdown(diff);
    expect(text).toContain(
      "~ Secret/apps/app-credentials  (rendered/apps/app/secret-app-credentials.sops.yaml)  [encrypted",
    );
    for (const out of [text, markdown]) {
      expect(out).not.toContain("ENC[");
      expect(out).not.toContain(secretPlaintext);
    }
    expect(markdown).toContain("| ✏️ changed (encrypted) | `Secret/apps/app-credentials` |");
    expect(markdown).toContain("```diff\n--- a/rendered/apps/app/ocirepository.yaml");
  });

  it("renders every cluster of the repository by default and finds no change where there is none", () => {
    const onprem = diff.clusters.find((c) => c.entry === "clusters/helix-onprem/cluster.ts");
    expect(onprem?.diff).toMatchObject({ added: [], removed: [], changed: [], moved: [] });
    expect(onprem?.diff?.unchanged).toBeGreaterThan(10);
  });

  it("leaves no worktree and no temporary folder behind", async () => {
    expect(sh(repo, "git", ["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
    expect(await diffDirs()).toEqual([]);
  });

  it("reports a working tree that fails to render, and still cleans up", async () => {
    await writeFile(join(repo, ENTRY), "export default 42;\n");
    try {
      const broken = await diffRevisions({ base: "HEAD", cwd: repo, tempDir, entries: [join(repo, ENTRY)] });
      expect(broken.clusters).toHaveLength(1);
      expect(broken.clusters[0]?.headError).toContain("is not a cluster");
      expect(broken.clusters[0]?.baseError).toBeUndefined();
      expect(broken.clusters[0]?.diff).toBeUndefined();
    } finally {
      sh(repo, "git", ["checkout", "--quiet", "--", ENTRY]);
    }
    expect(sh(repo, "git", ["worktree", "list", "--porcelain"]).match(/^worktree /gm)).toHaveLength(1);
    expect(await diffDirs()).toEqual([]);
  });

  /** Runs a diff in a child process and sends it SIGINT once `ready` holds for the worktrees. */
  const interruptWhen = async (ready: (porcelain: string) => boolean, delayMs: number): Promise<void> => {
    const module = pathToFileURL(join(import.meta.dirname, "diff-revisions.ts")).href;
    const script = `const { diffRevisions } = await import(${JSON.stringify(module)}); await diffRevisions({ base: "HEAD~1", tempDir: ${JSON.stringify(tempDir)} });`;
    const child = spawn(
      process.execPath,
      ["--conditions=helix-source", "--import", "tsx", "--input-type=module", "--eval", script],
      { cwd: repo, stdio: "ignore" },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("close", (_code, signal) => resolve(signal)),
    );
    const porcelain = (): string => sh(repo, "git", ["worktree", "list", "--porcelain"]);
    // While the child's git writes the worktree's admin files, listing may fail ("failed to read
    // .git/worktrees/base/commondir"): that is a worktree not registered yet.
    const polled = (): string => {
      try {
        return porcelain();
      } catch {
        return "";
      }
    };
    for (let waited = 0; !ready(polled()) && waited < 30_000; waited += 20)
      await new Promise((r) => setTimeout(r, 20));
    expect(ready(polled())).toBe(true);
    await new Promise((r) => setTimeout(r, delayMs));
    child.kill("SIGINT");
    expect(await exited).toBe("SIGINT");
    // The child has cleaned up before it exits: nothing may be left, at once.
    expect(worktrees(porcelain())).toBe(1);
    expect(await diffDirs()).toEqual([]);
  };
  const worktrees = (porcelain: string): number => porcelain.match(/^worktree /gm)?.length ?? 0;

  it("removes the worktree when interrupted (Ctrl-C) as soon as git has registered it", async () => {
    // Usually still checking out then: git keeps the worktree locked ("initializing") until its
    // checkout is complete. Not required, so a fast machine cannot make this test wait in vain.
    await interruptWhen((p) => worktrees(p) === 2, 0);
  }, 60_000);

  it("removes the worktree and kills its renders when interrupted (Ctrl-C) while rendering", async () => {
    await interruptWhen((p) => worktrees(p) === 2 && !/^locked/m.test(p), 300);
  }, 60_000);

  it("rejects an unknown revision before creating anything", async () => {
    await expect(diffRevisions({ base: "no-such-branch", cwd: repo, tempDir })).rejects.toThrow(
      'unknown git revision "no-such-branch"',
    );
    expect(await diffDirs()).toEqual([]);
  });
});
