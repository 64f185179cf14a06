/**
 * CRD models: runs @kubernetes-models/crd-generate per upstream folder, then adapts its output to
 * TypeScript source that compiles under `module: nodenext` + `verbatimModuleSyntax`:
 *  - relative imports get a `.js` suffix; type-only imports become `import type` / `type X`;
 *  - instance fields of the model classes become `declare` fields (with ES2022+ class-field
 *    semantics a plain field would be re-initialised to `undefined` after `super()`);
 *  - the Ajv standalone validators (`_schemas/*.js` + `.d.ts`) become `_schemas/*.ts` marked
 *    `// @ts-nocheck` (plain generated JS; the model class casts `validate` to `ValidateFunc<I…>`).
 */
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, posix, relative } from "node:path";
import { compareStrings, header } from "./header.js";
import { requireSource, type SourceInfo } from "./sources.js";
import { parseYamlStream } from "./yaml.js";

/** CRD folders not generated here, and why. */
export const EXCLUDED_CRD_FOLDERS: Readonly<Record<string, string>> = {
  "cert-manager": "covered by @kubernetes-models/cert-manager",
  cilium: "covered by @kubernetes-models/cilium",
  fluxcd: "covered by @kubernetes-models/flux-cd",
  "flux-operator": "AGPL-3.0: used only as a test-time oracle, never generated from",
  istio: "covered by @kubernetes-models/istio",
  "kube-prometheus-stack": "covered by @kubernetes-models/prometheus-operator",
  "karpenter-provider-linode":
    "Linode burst nodes use Cluster API's Linode provider; this provider's karpenter.sh CRDs (v0.1.5) would also clash with AWS Karpenter's",
};

/** Sources under these licences are never generated from (checked per file, on top of the folder list). */
export const EXCLUDED_LICENCE = /AGPL/i;

export type CrdScope = "Namespaced" | "Cluster";

export interface GeneratedCrd {
  readonly folder: string;
  readonly group: string;
  readonly kind: string;
  readonly scope: CrdScope;
  /** Versions crd-generate made a class for (those with a schema). */
  readonly versions: readonly string[];
  readonly source: SourceInfo;
}

export interface GeneratedClass {
  readonly folder: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  /** Path of the class module relative to the models folder, e.g. `velero/velero.io/v1/Schedule.ts`. */
  readonly path: string;
}

export interface CrdOutput {
  readonly files: ReadonlyMap<string, string>;
  readonly crds: readonly GeneratedCrd[];
  readonly classes: readonly GeneratedClass[];
  readonly folders: readonly string[];
  readonly skipped: readonly string[];
}

interface CrdGenerate {
  generate(options: { input: string; outputPath: string; yamlVersion?: string }): Promise<void>;
}

// The package's ESM build imports `ajv/dist/vocabularies/core/ref` as a default import, which Node
// resolves to the CommonJS namespace (`ref.code is not a function`). Its CommonJS build works.
const requireCjs = createRequire(import.meta.url);
const crdGenerate = requireCjs("@kubernetes-models/crd-generate") as CrdGenerate;

interface CrdDocument {
  apiVersion?: unknown;
  kind?: unknown;
  spec?: {
    group?: string;
    scope?: string;
    names?: { kind?: string };
    versions?: { name?: string; schema?: unknown }[];
  };
}

function isCrd(doc: unknown): doc is CrdDocument {
  const d = doc as CrdDocument;
  return (
    typeof d === "object" &&
    d !== null &&
    d.kind === "CustomResourceDefinition" &&
    d.apiVersion === "apiextensions.k8s.io/v1"
  );
}

/** Class/schema name as crd-generate derives it from `<group>.<version>.<kind>`. */
export function className(id: string): string {
  const camel = id.replace(/[.-]+(.)/g, (_m, c: string) => c.toUpperCase());
  return camel.charAt(0).toUpperCase() + camel.slice(1);
}

async function listFiles(dir: string, base = dir): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full, base)));
    else out.push(relative(base, full).split("\\").join("/"));
  }
  return out.sort(compareStrings);
}

const TYPE_ONLY_IMPORTS = new Set(["IObjectMeta", "ModelData", "ValidateFunc"]);

function withJsSuffix(specifier: string): string {
  return specifier.startsWith(".") && !specifier.endsWith(".js") ? `${specifier}.js` : specifier;
}

/** Rewrites crd-generate's `import { … } from "…";` lines for nodenext + verbatimModuleSyntax. */
function fixImports(code: string): string {
  return code.replace(/^import \{ ([^}]+) \} from "([^"]+)";$/gm, (_m, names: string, from: string) => {
    const list = names.split(",").map((n) => n.trim());
    const spec = JSON.stringify(withJsSuffix(from));
    if (list.every((n) => TYPE_ONLY_IMPORTS.has(n)))
      return `import type { ${list.join(", ")} } from ${spec};`;
    const marked = list.map((n) => (TYPE_ONLY_IMPORTS.has(n) ? `type ${n}` : n));
    return `import { ${marked.join(", ")} } from ${spec};`;
  });
}

function fixReExports(code: string): string {
  return code.replace(
    /^export (\* (?:as \w+ )?)from "([^"]+)";$/gm,
    (_m, what: string, from: string) => `export ${what}from ${JSON.stringify(withJsSuffix(from))};`,
  );
}

/** Turns the class's instance field declarations into `declare` fields. */
function declareClassFields(code: string): string {
  const start = code.indexOf("\nexport class ");
  if (start < 0) throw new Error("crd-generate output without a class");
  const head = code.slice(0, start);
  const tail = code
    .slice(start)
    .replace(/^ {2}("[^"]+"\??: I\w+\["[^"]+"\];)$/gm, (_m, field: string) => `  declare ${field}`);
  return head + tail;
}

async function readCrdFolder(
  upstreamDir: string,
  folder: string,
  sources: ReadonlyMap<string, SourceInfo>,
): Promise<{ crds: GeneratedCrd[]; docs: CrdDocument[]; notes: Map<string, string>; skipped: string[] }> {
  const dir = join(upstreamDir, "crds", folder);
  const crds: GeneratedCrd[] = [];
  const docs: CrdDocument[] = [];
  const notes = new Map<string, string>();
  const skipped: string[] = [];
  for (const name of (await readdir(dir)).filter((n) => /\.ya?ml$/.test(n)).sort(compareStrings)) {
    const file = `crds/${folder}/${name}`;
    const source = requireSource(sources, file);
    if (EXCLUDED_LICENCE.test(source.licenceNote)) {
      skipped.push(`${file}: ${source.licence}, never generated from`);
      continue;
    }
    const parsed = parseYamlStream(await readFile(join(dir, name), "utf8"), file);
    if (parsed.reindented) {
      notes.set(
        file,
        `${file}: continuation lines of multi-line quoted scalars were re-indented before parsing ` +
          "(YAML 1.2 rejects them at key indentation; Go's parser, and so Kubernetes, accepts them). Values are unchanged.",
      );
    }
    for (const doc of parsed.documents.filter(isCrd)) {
      const group = doc.spec?.group;
      const kind = doc.spec?.names?.kind;
      const scope = doc.spec?.scope;
      if (!group || !kind || (scope !== "Namespaced" && scope !== "Cluster")) {
        throw new Error(`${file}: CRD without group/kind/scope`);
      }
      const versions = (doc.spec?.versions ?? [])
        .filter((v) => v.schema && v.name)
        .map((v) => v.name as string);
      crds.push({ folder, group, kind, scope, versions, source });
      docs.push(doc);
    }
  }
  return { crds, docs, notes, skipped };
}

async function runCrdGenerate(docs: readonly CrdDocument[]): Promise<Map<string, string>> {
  const tmp = await mkdtemp(join(tmpdir(), "helix-crd-generate-"));
  const log = console.log;
  try {
    // crd-generate logs every file it writes.
    console.log = () => {};
    await crdGenerate.generate({
      input: docs.map((d) => JSON.stringify(d)).join("\n---\n"),
      outputPath: tmp,
    });
  } finally {
    console.log = log;
  }
  try {
    const files = new Map<string, string>();
    for (const path of await listFiles(tmp)) files.set(path, await readFile(join(tmp, path), "utf8"));
    return files;
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

export async function generateCrdModels(
  upstreamDir: string,
  sources: ReadonlyMap<string, SourceInfo>,
): Promise<CrdOutput> {
  const files = new Map<string, string>();
  const allCrds: GeneratedCrd[] = [];
  const classes: GeneratedClass[] = [];
  const folders: string[] = [];
  const skipped: string[] = [];
  const entries = await readdir(join(upstreamDir, "crds"), { withFileTypes: true });
  for (const folder of entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort(compareStrings)) {
    const reason = EXCLUDED_CRD_FOLDERS[folder];
    if (reason) {
      skipped.push(`crds/${folder}: ${reason}`);
      continue;
    }
    const { crds, docs, notes, skipped: skippedFiles } = await readCrdFolder(upstreamDir, folder, sources);
    skipped.push(...skippedFiles);
    if (crds.length === 0) {
      skipped.push(`crds/${folder}: no generatable CRD`);
      continue;
    }
    folders.push(folder);
    allCrds.push(...crds);
    const bySchemaName = new Map<string, GeneratedCrd>();
    const byClassPath = new Map<string, GeneratedCrd>();
    for (const crd of crds) {
      for (const version of crd.versions) {
        bySchemaName.set(className(`${crd.group}.${version}.${crd.kind}`), crd);
        byClassPath.set(`${crd.group}/${version}/${crd.kind}.ts`, crd);
      }
    }
    const raw = await runCrdGenerate(docs);
    const folderNotes = [...notes.values()];
    for (const [path, content] of raw) {
      const outPath = `${folder}/${path}`;
      if (path.endsWith(".d.ts")) continue;
      const schemaMatch = /^_schemas\/(\w+)\.js$/.exec(path);
      if (schemaMatch?.[1]) {
        const crd = bySchemaName.get(schemaMatch[1]);
        if (!crd) throw new Error(`${outPath}: no CRD for schema ${schemaMatch[1]}`);
        const body = content.replace(/^\s*export default \w+;\s*$/m, "");
        files.set(
          outPath.replace(/\.js$/, ".ts"),
          `${header([crd.source], notesFor(crd, notes))}// @ts-nocheck -- Ajv standalone validator (plain JavaScript).\n${fixImports(body)}`,
        );
        continue;
      }
      if (path.endsWith("/index.ts") || path === "index.ts") {
        const prefix = path === "index.ts" ? "" : `${posix.dirname(path)}/`;
        const under = crds.filter((c) => c.versions.some((v) => `${c.group}/${v}/`.startsWith(prefix)));
        files.set(
          outPath,
          `${header(
            under.map((c) => c.source),
            folderNotes,
          )}${fixReExports(content)}`,
        );
        continue;
      }
      const crd = byClassPath.get(path);
      if (!crd) throw new Error(`${outPath}: unexpected crd-generate output`);
      const [group, version, kindFile] = [
        posix.dirname(posix.dirname(path)),
        posix.basename(posix.dirname(path)),
        posix.basename(path),
      ];
      classes.push({ folder, group, version, kind: kindFile.replace(/\.ts$/, ""), path: outPath });
      files.set(
        outPath,
        `${header([crd.source], notesFor(crd, notes))}${declareClassFields(fixImports(content))}`,
      );
    }
  }
  classes.sort((a, b) => compareStrings(a.path, b.path));
  return { files, crds: allCrds, classes, folders, skipped };
}

function notesFor(crd: GeneratedCrd, notes: ReadonlyMap<string, string>): string[] {
  const note = notes.get(crd.source.file);
  return note ? [note] : [];
}

function namespaceName(folder: string): string {
  const name = folder.replace(/[^A-Za-z0-9]+(.)/g, (_m, c: string) => c.toUpperCase());
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) throw new Error(`crds/${folder}: cannot name a namespace after it`);
  return name;
}

/** `models/index.ts`: namespaces per source folder, all classes, CRD scopes and sources. */
export function modelsIndex(output: CrdOutput): string {
  const imports: string[] = [];
  const aliases: string[] = [];
  const seen = new Set<string>();
  for (const c of output.classes) {
    const alias = className(`${c.group}.${c.version}.${c.kind}`);
    if (seen.has(alias)) throw new Error(`duplicate model class ${alias}`);
    seen.add(alias);
    aliases.push(alias);
    imports.push(`import { ${c.kind} as ${alias} } from "./${c.path.replace(/\.ts$/, ".js")}";`);
  }
  const scopes = new Map<string, CrdScope>();
  const sources = new Map<string, SourceInfo>();
  for (const crd of output.crds) {
    const key = `${crd.group}/${crd.kind}`;
    if (scopes.has(key)) throw new Error(`CRD ${key} comes from two upstream files`);
    scopes.set(key, crd.scope);
    sources.set(key, crd.source);
  }
  const keys = [...scopes.keys()].sort(compareStrings);
  const lines = [
    ...imports,
    "",
    ...output.folders.map((f) => `export * as ${namespaceName(f)} from "./${f}/index.js";`),
    "",
    "/** Every generated model class (kubernetes-models style: static apiVersion/kind, validate()). */",
    "export const generatedModelClasses = [",
    ...aliases.map((a) => `  ${a},`),
    "] as const;",
    "",
    "export type GeneratedModelClass = (typeof generatedModelClasses)[number];",
    "",
    'export type CrdScope = "Namespaced" | "Cluster";',
    "",
    "/** Upstream provenance of a generated CRD model (from upstream SOURCES.md). */",
    "export interface CrdSource {",
    "  /** Path relative to the upstream data folder. */",
    "  readonly file: string;",
    "  /** GitHub owner/name. */",
    "  readonly repo: string;",
    "  /** Path in the upstream repository. */",
    "  readonly path: string;",
    "  /** Tag (version) the file was taken from. */",
    "  readonly tag: string;",
    "  readonly commit: string;",
    "  /** SPDX licence identifier. */",
    "  readonly licence: string;",
    "}",
    "",
    '/** `spec.scope` of each generated CRD, by "<group>/<Kind>". */',
    "export const generatedCrdScopes: Readonly<Record<string, CrdScope>> = {",
    ...keys.map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(scopes.get(k))},`),
    "};",
    "",
    '/** Upstream source of each generated CRD, by "<group>/<Kind>". */',
    "export const generatedCrdSources: Readonly<Record<string, CrdSource>> = {",
    ...keys.map((k) => {
      const s = sources.get(k) as SourceInfo;
      const record = {
        file: s.file,
        repo: s.repo,
        path: s.path,
        tag: s.tag,
        commit: s.commit,
        licence: s.licence,
      };
      const fields = Object.entries(record).map(([name, value]) => `${name}: ${JSON.stringify(value)}`);
      return `  ${JSON.stringify(k)}: { ${fields.join(", ")} },`;
    }),
    "};",
  ];
  return `${header(output.crds.map((c) => c.source))}${lines.join("\n")}\n`;
}
