// Every package under packages/ can be published and used from another repository: typed exports
// into dist/, the published file list, engines, peers, README and CHANGELOG, and no import that
// reaches outside the package or relies on an undeclared dependency. `npm run e2e` proves the same
// with a real registry; this is the fast check that runs with every test.
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { describe, expect, it } from "vitest";
import { WORKSPACE_ROOT } from "./e2e/workspace-clone.js";

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly private?: boolean;
  readonly engines?: { readonly node?: string };
  readonly exports?: Readonly<Record<string, string | Readonly<Record<string, string>>>>;
  readonly files?: readonly string[];
  readonly publishConfig?: { readonly access?: string };
  readonly bin?: Readonly<Record<string, string>>;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
  readonly peerDependenciesMeta?: Readonly<Record<string, { readonly optional?: boolean }>>;
  readonly devDependencies?: Readonly<Record<string, string>>;
}

const packagesDir = join(WORKSPACE_ROOT, "packages");
const folders = (await readdir(packagesDir, { withFileTypes: true }))
  .filter((e) => e.isDirectory() && existsSync(join(packagesDir, e.name, "package.json")))
  .map((e) => e.name)
  .sort();

async function manifestOf(folder: string): Promise<Manifest> {
  return JSON.parse(await readFile(join(packagesDir, folder, "package.json"), "utf8")) as Manifest;
}

/** Non-test TypeScript sources of a package. */
async function sourcesOf(folder: string): Promise<string[]> {
  const src = join(packagesDir, folder, "src");
  return (await readdir(src, { recursive: true, withFileTypes: true }))
    .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.name.endsWith(".test.ts"))
    .map((e) => join(e.parentPath, e.name))
    .filter((f) => !f.split(sep).includes("test-support"));
}

/** Module specifiers of static and dynamic imports and re-exports. */
function specifiersIn(text: string): string[] {
  const out: string[] = [];
  const patterns = [
    /^\s*(?:import|export)\b[^;]*?\bfrom\s+"([^"]+)"/gm,
    /^\s*import\s+"([^"]+)"/gm,
    /\bimport\(\s*"([^"]+)"\s*\)/g,
  ];
  for (const pattern of patterns) for (const m of text.matchAll(pattern)) if (m[1]) out.push(m[1]);
  return out;
}

/** The files a subpath pattern with one star names (a star stands for a folder name): one per folder where it exists. */
async function patternMatches(dir: string, pattern: string): Promise<string[]> {
  const [before = "", after = ""] = pattern.split("*");
  const folders = await readdir(join(dir, before), { withFileTypes: true });
  return folders
    .filter((e) => e.isDirectory() && existsSync(join(dir, before, e.name + after)))
    .map((e) => before + e.name + after);
}

/** "@scope/name/deep/path" → "@scope/name"; "name/deep" → "name". */
function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : (parts[0] ?? specifier);
}

const isKubernetesModels = (name: string): boolean =>
  name === "kubernetes-models" || name.startsWith("@kubernetes-models/");

/** The README section a consumer reads, up to the next level-2 heading. */
function useSection(readme: string): string {
  const start = readme.indexOf("## Use from another repository");
  if (start < 0) return "";
  const next = readme.indexOf("\n## ", start + 1);
  return next < 0 ? readme.slice(start) : readme.slice(start, next);
}

/** The `npm install …` command of a README section, continuation lines joined. */
function installCommand(section: string): string {
  const lines = section.split("\n");
  const start = lines.findIndex((l) => l.startsWith("npm install "));
  if (start < 0) return "";
  let command = "";
  for (const line of lines.slice(start)) {
    command += ` ${line.replace(/\\$/, "")}`;
    if (!line.endsWith("\\")) break;
  }
  return command.trim();
}

describe("packages/core", () => {
  it("declares every kubernetes-models package it loads models from by convention, as an optional peer unless it imports it", async () => {
    const m = await manifestOf("core");
    const registry = await readFile(join(packagesDir, "core/src/validate/model-registry.ts"), "utf8");
    const list = registry.slice(registry.indexOf("const conventionPackages"), registry.indexOf("] as const"));
    const conventional = [...list.matchAll(/"([^"]+)"/g)].map((x) => x[1] ?? "");
    expect(conventional.length).toBeGreaterThan(3);
    for (const name of conventional) expect(m.peerDependencies?.[name], name).toBeDefined();
  });
});

describe.each(folders)("packages/%s is publishable", (folder) => {
  const dir = join(packagesDir, folder);

  it("has a public scoped name, a version, engines and public access", async () => {
    const m = await manifestOf(folder);
    expect(m.name).toMatch(/^@helix-cluster\/[a-z0-9-]+$/);
    expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
    expect(m.private).not.toBe(true);
    expect(m.engines?.node).toMatch(/^>=\d+/);
    expect(m.publishConfig?.access).toBe("public");
  });

  it("exports typed entry points compiled from its sources into dist/", async () => {
    const m = await manifestOf(folder);
    const entries = Object.entries(m.exports ?? {}).filter(([key]) => key !== "./package.json");
    expect(entries.map(([key]) => key)).toContain(".");
    for (const [key, target] of entries) {
      expect(typeof target, key).toBe("object");
      if (typeof target !== "object") continue;
      // Order matters: the workspace condition first, then types before the import condition.
      expect(Object.keys(target), key).toEqual(["helix-source", "types", "import"]);
      const source = target["helix-source"] ?? "";
      expect(source, key).toMatch(/^\.\/src\/.+\.ts$/);
      // A subpath pattern ("./models/*") must match at least one module, each a folder's index.ts.
      const matches = source.includes("*") ? await patternMatches(dir, source) : [source];
      expect(matches.length, `${key} → ${source} matches no file`).toBeGreaterThan(0);
      for (const match of matches) expect(existsSync(join(dir, match)), `${key} → ${match}`).toBe(true);
      const compiled = source.replace(/^\.\/src\//, "./dist/");
      expect(target.types, key).toBe(compiled.replace(/\.ts$/, ".d.ts"));
      expect(target.import, key).toBe(compiled.replace(/\.ts$/, ".js"));
    }
  });

  it("publishes dist/ (without source maps), README.md and CHANGELOG.md, which exist", async () => {
    const m = await manifestOf(folder);
    expect(m.files).toEqual(expect.arrayContaining(["dist", "!dist/**/*.map", "README.md", "CHANGELOG.md"]));
    expect(m.files).not.toContain("src");
    expect(existsSync(join(dir, "README.md"))).toBe(true);
    expect(existsSync(join(dir, "CHANGELOG.md"))).toBe(true);
    for (const bin of Object.values(m.bin ?? {})) {
      expect(m.files?.some((f) => bin.replace(/^\.\//, "").startsWith(f))).toBe(true);
      const text = await readFile(join(dir, bin), "utf8");
      expect(text.startsWith("#!/usr/bin/env node\n"), bin).toBe(true);
      // The published CLI runs the compiled code, never the TypeScript sources.
      const specifiers = specifiersIn(text);
      expect(
        specifiers.some((s) => s.startsWith("../dist/")),
        bin,
      ).toBe(true);
      expect(
        specifiers.every((s) => s.startsWith("../dist/") || s.startsWith("node:")),
        bin,
      ).toBe(true);
    }
  });

  it("shows in its README how to use it from another repository, with the peers to install", async () => {
    const m = await manifestOf(folder);
    const section = useSection(await readFile(join(dir, "README.md"), "utf8"));
    expect(section, "README section '## Use from another repository'").not.toBe("");
    const install = installCommand(section);
    // Optional peers serve one command (e.g. Helm for check-charts) and are named where it is described.
    const required = Object.keys(m.peerDependencies ?? {}).filter(
      (p) => !m.peerDependenciesMeta?.[p]?.optional,
    );
    for (const name of [m.name, "@helix-cluster/core", ...required]) {
      expect(install.split(/\s+/), `npm install line names ${name}`).toContain(name);
    }
    expect(section).toContain("npx helix-cluster render");
  });

  it("imports only declared packages, shares kubernetes-models as peers, and stays inside itself", async () => {
    const m = await manifestOf(folder);
    const deps = Object.keys(m.dependencies ?? {});
    const peers = Object.keys(m.peerDependencies ?? {});
    const used = new Set<string>();
    const problems: string[] = [];
    for (const file of await sourcesOf(folder)) {
      const where = relative(WORKSPACE_ROOT, file);
      for (const specifier of specifiersIn(await readFile(file, "utf8"))) {
        if (specifier.startsWith("node:")) continue;
        if (specifier.startsWith(".")) {
          const target = resolve(dirname(file), specifier);
          if (!target.startsWith(`${join(dir, "src")}${sep}`))
            problems.push(`${where}: ${specifier} leaves src/`);
          continue;
        }
        const name = packageNameOf(specifier);
        if (name === m.name) problems.push(`${where}: imports itself by name (${specifier})`);
        if (
          name.startsWith("@helix-cluster/") &&
          /^@helix-cluster\/[^/]+\/(src|dist)(\/|$)/.test(specifier)
        ) {
          problems.push(`${where}: reaches into another package's files (${specifier})`);
        }
        if (!deps.includes(name) && !peers.includes(name))
          problems.push(`${where}: ${name} is not a dependency`);
        used.add(name);
      }
    }
    expect(problems).toEqual([]);
    for (const name of deps) expect(isKubernetesModels(name), `${name} must be a peer`).toBe(false);
    for (const name of used) if (isKubernetesModels(name)) expect(peers, name).toContain(name);
    for (const [name, range] of Object.entries(m.peerDependencies ?? {})) {
      const dev = m.devDependencies?.[name];
      expect(dev, `${name} is a devDependency too, so the workspace has it`).toBeDefined();
      const [rangeMajor] = range.replace(/^\^/, "").split(".");
      expect(dev?.replace(/^\^/, "").split(".")[0], `${name}@${dev} satisfies ${range}`).toBe(rangeMajor);
    }
  });

  it("takes @helix-cluster/core as a caret peer, so a core patch needs no release of the package", async () => {
    const m = await manifestOf(folder);
    if (m.name === "@helix-cluster/core") return;
    expect(m.dependencies?.["@helix-cluster/core"], "core is not a dependency").toBeUndefined();
    expect(m.peerDependencies?.["@helix-cluster/core"]).toMatch(/^\^\d+\.\d+\.\d+$/);
    expect(m.peerDependenciesMeta?.["@helix-cluster/core"]?.optional).not.toBe(true);
  });
});
