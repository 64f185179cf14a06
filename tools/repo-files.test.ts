// The repository's non-TypeScript deliverables, checked with real parsers and validators:
// GitHub workflows (action-validator, and the pull-request workflow's order of steps), Terraform
// (HCL parser, variables against the rendered tfvars) and the Taskfile (every npm script and path it
// calls exists; repo-files.upstream.test.ts validates it against go-task's schema).
import { execFile } from "node:child_process";
import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { parse as parseHcl } from "@cdktf/hcl2json";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const run = promisify(execFile);
const root = resolve(import.meta.dirname, "..");
const validator = join(root, "node_modules/.bin/action-validator");

async function validateWorkflow(file: string): Promise<{ ok: boolean; output: string }> {
  try {
    const { stdout, stderr } = await run(validator, [file]);
    return { ok: true, output: stdout + stderr };
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string };
    return { ok: false, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

describe("GitHub workflows", () => {
  it("pass action-validator, which rejects a broken workflow", async () => {
    const dir = join(root, ".github/workflows");
    const files = (await readdir(dir)).filter((f) => /\.ya?ml$/.test(f));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) expect(await validateWorkflow(join(dir, f)), f).toMatchObject({ ok: true });
    const broken = join(await mkdtemp(join(tmpdir(), "helix-workflow-")), "broken.yaml");
    const workflow = parse(await readFile(join(dir, files[0] ?? ""), "utf8")) as {
      jobs: Record<string, Record<string, unknown>>;
    };
    for (const job of Object.values(workflow.jobs)) delete job["runs-on"];
    await writeFile(broken, JSON.stringify(workflow));
    expect((await validateWorkflow(broken)).ok).toBe(false);
  });
});

type WorkflowStep = {
  name?: string;
  run?: string;
  uses?: string;
  if?: string;
  "continue-on-error"?: unknown;
};

describe("the pull-request workflow", () => {
  it("fetches and verifies the upstream data first, then runs every check that needs it, none optional", async () => {
    const workflow = parse(await readFile(join(root, ".github/workflows/pull-request.yaml"), "utf8")) as {
      jobs: { verify: { env?: Record<string, string>; steps: WorkflowStep[] } };
    };
    const { env, steps } = workflow.jobs.verify;
    const scripts = Object.keys(
      (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { scripts: object }).scripts,
    );
    const at = (command: string): number => steps.findIndex((s) => s.run?.includes(command));
    expect(env?.HELIX_UPSTREAM).toBeTruthy();
    const cache = steps.find((s) => s.uses?.startsWith("actions/cache@"));
    expect(JSON.stringify(cache)).toContain("hashFiles('tools/upstream/manifest.json')");
    const upstream = at("npm run -s upstream -- --fetch");
    expect(upstream).toBeGreaterThan(steps.indexOf(cache as WorkflowStep));
    for (const command of [
      "npm run -s generate",
      "npm run -s conformance",
      "npm run -s chart-check",
      "npm run -s test:upstream",
      "npm run -s test:interop",
    ]) {
      const index = at(command);
      expect(index, command).toBeGreaterThan(upstream);
      expect(steps[index]?.if, command).toBeUndefined();
      expect(steps[index]?.["continue-on-error"], command).toBeUndefined();
    }
    for (const step of steps) {
      for (const [, script] of (step.run ?? "").matchAll(/npm run -s ([\w:-]+)/g)) {
        if (script) expect(scripts, step.run).toContain(script);
      }
    }
  });
});

describe("references", () => {
  it("point only to what the repository or the npm packages hold: no file names the guide kept outside it", async () => {
    const { stdout } = await run("git", ["ls-files", "-z"], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
    // This file is left out: it spells the pattern it looks for.
    const self = "tools/repo-files.test.ts";
    const files = stdout.split("\0").filter((f) => f && f !== "package-lock.json" && f !== self);
    const outside = /\bGUIDE\b|GUIDE\.md|\b[Tt]he guide\b/;
    const offending: string[] = [];
    for (const file of files) {
      const text = await readFile(join(root, file), "utf8").catch(() => "");
      const line = text.split("\n").findIndex((l) => outside.test(l));
      if (line >= 0) offending.push(`${file}:${line + 1}`);
    }
    expect(files.length).toBeGreaterThan(100);
    expect(offending).toEqual([]);
    // The pattern does find such a reference.
    expect(outside.test("The data plane (GUIDE §4, rows 2–6)")).toBe(true);
    // Upstream API docs link Kubernetes' "user-guide" pages: those are not the guide.
    expect(outside.test("More info: http://kubernetes.io/docs/user-guide/annotations")).toBe(false);
  });
});

/** An HCL interpolation as hcl2json writes it: "${expression}". */
const hclExpr = (expression: string): string => `\${${expression}}`;

type Hcl = { variable?: Record<string, { default?: unknown; type?: string }[]> };

/** Attributes of an `object({…})` type constraint: all of them, and those not wrapped in optional(). */
function objectAttributes(type: string | undefined): { all: string[]; required: string[] } | undefined {
  const body = /^\$\{object\(\{([\s\S]*)\}\)\}$/.exec(type ?? "")?.[1];
  if (body === undefined) return undefined;
  const attrs = [...body.matchAll(/^\s*(\w+)\s*=\s*(.+)$/gm)];
  return {
    all: attrs.map((m) => m[1] ?? "").sort(),
    required: attrs
      .filter((m) => !(m[2] ?? "").startsWith("optional("))
      .map((m) => m[1] ?? "")
      .sort(),
  };
}

async function terraformVariables(module: string): Promise<{
  all: string[];
  required: string[];
  objects: Map<string, { all: string[]; required: string[] }>;
}> {
  const dir = join(root, "terraform", module);
  const vars: Record<string, { default?: unknown; type?: string }[]> = {};
  for (const f of (await readdir(dir)).filter((n) => n.endsWith(".tf")).sort()) {
    const parsed = (await parseHcl(f, await readFile(join(dir, f), "utf8"))) as Hcl;
    Object.assign(vars, parsed.variable ?? {});
  }
  const all = Object.keys(vars).sort();
  const objects = new Map<string, { all: string[]; required: string[] }>();
  for (const v of all) {
    const attrs = objectAttributes(vars[v]?.[0]?.type);
    if (attrs) objects.set(v, attrs);
  }
  return { all, required: all.filter((v) => vars[v]?.[0]?.default === undefined), objects };
}

describe("Terraform", () => {
  it("parses, and every rendered tfvars file sets exactly known variables, all required ones included", async () => {
    const seen: string[] = [];
    for (const cluster of await readdir(join(root, "clusters"))) {
      const dir = join(root, "clusters", cluster, "bootstrap/terraform");
      for (const file of await readdir(dir).catch(() => [] as string[])) {
        const module = file.replace(/\.tfvars\.json$/, "");
        const { all, required, objects } = await terraformVariables(module);
        const values = JSON.parse(await readFile(join(dir, file), "utf8")) as Record<string, unknown>;
        const given = Object.keys(values);
        for (const v of given) expect(all, `${cluster}/${file}: ${v}`).toContain(v);
        for (const v of required) expect(given, `${cluster}/${file} lacks ${v}`).toContain(v);
        // Object variables: Terraform drops attributes its type does not name and rejects missing ones.
        for (const [v, attrs] of objects) {
          const value = values[v];
          if (value === undefined || value === null) continue;
          const keys = Object.keys(value as object).sort();
          for (const k of keys) expect(attrs.all, `${cluster}/${file}: ${v}.${k}`).toContain(k);
          for (const k of attrs.required) expect(keys, `${cluster}/${file} lacks ${v}.${k}`).toContain(k);
        }
        seen.push(`${cluster}/${module}`);
      }
    }
    expect(seen.sort()).toEqual(["helix-aws-dr/dr-eks", "helix-onprem/backup-buckets"]);
  });

  it("reads an object variable's attributes, so a misspelt or missing one in a tfvars file is caught", () => {
    const attrs = objectAttributes(hclExpr("object({\n  name = string\n  size = optional(number, 1)\n})"));
    expect(attrs).toEqual({ all: ["name", "size"], required: ["name"] });
    expect(objectAttributes(hclExpr("list(string)"))).toBeUndefined();
  });

  it("wires Karpenter's AWS side to the names the render writes, and tags what its EC2NodeClasses select", async () => {
    const main = (await parseHcl(
      "main.tf",
      await readFile(join(root, "terraform/dr-eks/main.tf"), "utf8"),
    )) as {
      module: Record<string, Record<string, unknown>[]>;
    };
    const karpenter = main.module.karpenter?.[0] ?? {};
    expect(karpenter).toMatchObject({
      source: "terraform-aws-modules/eks/aws//modules/karpenter",
      version: main.module.eks?.[0]?.version,
      namespace: hclExpr("var.karpenter.namespace"),
      service_account: hclExpr("var.karpenter.service_account"),
      iam_role_name: hclExpr("var.karpenter.controller_role_name"),
      node_iam_role_name: hclExpr("var.karpenter.node_role_name"),
      queue_name: hclExpr("var.karpenter.interruption_queue_name"),
      create_pod_identity_association: true,
      iam_role_use_name_prefix: false,
      node_iam_role_use_name_prefix: false,
    });
    const discovery = { "karpenter.sh/discovery": hclExpr("var.cluster_name") };
    expect(main.module.vpc?.[0]?.private_subnet_tags).toMatchObject(discovery);
    expect(main.module.eks?.[0]?.node_security_group_tags).toEqual(discovery);
  });
});

describe("Taskfile", () => {
  it("calls only npm scripts, files and folders that exist", async () => {
    const taskfile = parse(await readFile(join(root, "Taskfile.yml"), "utf8")) as {
      tasks: Record<string, { cmds?: (string | { task: string })[]; dir?: string }>;
    };
    const scripts = Object.keys(
      (JSON.parse(await readFile(join(root, "package.json"), "utf8")) as { scripts: object }).scripts,
    );
    const tasks = Object.keys(taskfile.tasks);
    expect(tasks).toEqual(
      expect.arrayContaining(["render", "diff", "secrets:check", "nodes:install", "flux:bootstrap"]),
    );
    for (const [name, task] of Object.entries(taskfile.tasks)) {
      if (task.dir) expect(await readdir(join(root, task.dir)), name).not.toHaveLength(0);
      for (const cmd of task.cmds ?? []) {
        if (typeof cmd !== "string") {
          expect(tasks, name).toContain(cmd.task);
          continue;
        }
        for (const [, script] of cmd.matchAll(/npm run -s ([\w:-]+)/g))
          expect(scripts, `${name}: ${cmd}`).toContain(script);
        const expanded = cmd.replaceAll("{{.CLUSTER_DIR}}", "clusters/helix-onprem");
        for (const [path] of expanded.matchAll(
          /(?:clusters|ansible)\/[\w./-]+\.ya?ml|clusters\/helix-onprem\/rendered\/[\w-]+/g,
        )) {
          await expect(
            readFile(join(root, path)).catch(() => readdir(join(root, path))),
            `${name}: ${path}`,
          ).resolves.toBeDefined();
        }
      }
    }
  });
});
