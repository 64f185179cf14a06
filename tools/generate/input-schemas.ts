// The JSON Schemas of what users write by hand: the cluster settings (core's ClusterSettings) and
// each namespace package's options interface. The interfaces, with their doc comments, stay the
// one source of truth; these schemas are derived from them so the render can check, at run time,
// values that only `tsc` saw before (a cluster entry loads through type stripping, unchecked).
import { basename, dirname, join, posix } from "node:path";
import {
  type CompletedConfig,
  createFormatter,
  createParser,
  createProgram,
  DEFAULT_CONFIG,
  SchemaGenerator,
} from "ts-json-schema-generator";
import { asciiOnly } from "./header.js";
import { standaloneValidator } from "./standalone-validator.js";

/** One interface to derive a schema from, and where the generated module goes. */
export interface InputSchemaSource {
  /** Project folder, relative to the workspace root. */
  readonly project: string;
  /** File declaring the interface, relative to the project. */
  readonly file: string;
  /** The interface's name. */
  readonly type: string;
  /** Generated module, relative to the project. */
  readonly out: string;
  /** Name of the exported constant. */
  readonly exportName: string;
}

const CORE = "packages/core";

/**
 * How a generated file in `folder` (relative to the project) imports a module of core's `src/`:
 * by package name from a namespace package, by relative path from inside core.
 */
function coreImport(source: InputSchemaSource, folder: string, module: string): string {
  if (source.project !== CORE) return "@helix-cluster/core";
  const path = posix.relative(folder, posix.join("src", module));
  return path.startsWith(".") ? path : `./${path}`;
}

const packageOptions = (name: string, type: string): InputSchemaSource => ({
  project: `packages/${name}`,
  file: "src/options.ts",
  type,
  out: "src/generated/options-schema.ts",
  exportName: "optionsSchema",
});

/** Every input schema of the workspace. */
export const INPUT_SCHEMA_SOURCES: readonly InputSchemaSource[] = [
  {
    project: CORE,
    file: "src/model/cluster-settings.ts",
    type: "ClusterSettings",
    out: "src/generated/inputs/cluster-settings-schema.ts",
    exportName: "clusterSettingsSchema",
  },
  {
    project: CORE,
    file: "src/model/namespace-package.ts",
    type: "NoOptions",
    out: "src/generated/inputs/no-options-schema.ts",
    exportName: "noOptionsSchema",
  },
  packageOptions("cert-manager", "CertManagerOptions"),
  packageOptions("data-plane", "DataPlaneOptions"),
  packageOptions("environments", "EnvironmentsOptions"),
  packageOptions("flux-system", "FluxSystemOptions"),
  packageOptions("istio-system", "IstioSystemOptions"),
  packageOptions("kube-system", "KubeSystemOptions"),
  packageOptions("monitoring", "MonitoringOptions"),
  packageOptions("network", "NetworkOptions"),
  packageOptions("system-upgrade", "SystemUpgradeOptions"),
];

/**
 * Derives the schemas of every source from one TypeScript program (a program per interface would
 * load core's sources ten times): inlined (no $ref), unknown keys rejected, no doc text.
 */
export function inputSchemas(root: string): Map<InputSchemaSource, Record<string, unknown>> {
  const config: CompletedConfig = {
    ...DEFAULT_CONFIG,
    path: join(root, `{${INPUT_SCHEMA_SOURCES.map((s) => join(s.project, s.file)).join(",")}}`),
    tsconfig: join(root, "packages/core/tsconfig.json"),
    expose: "none",
    topRef: false,
    jsDoc: "none",
    additionalProperties: false,
    skipTypeCheck: true,
    // Declaration order: the generator's own sorting would depend on the process's locale.
    sortProps: false,
  };
  const program = createProgram(config);
  const generator = new SchemaGenerator(
    program,
    createParser(program, config),
    createFormatter(config),
    config,
  );
  const schemas = new Map<InputSchemaSource, Record<string, unknown>>();
  for (const source of INPUT_SCHEMA_SOURCES) {
    // Everything is inlined: the empty `definitions` and the draft marker say nothing.
    const {
      $schema: _,
      definitions: __,
      ...schema
    } = generator.createSchema(source.type) as Record<string, unknown>;
    schemas.set(source, schema);
  }
  return schemas;
}

/** Where the validator compiled from a source's schema goes: `_validators/` beside its module. */
export function validatorPath(source: InputSchemaSource): string {
  return join(dirname(source.out), "_validators", basename(source.out));
}

/** The generated module of one source: header, imports and the schema, paired with its validator. */
export function inputSchemaModule(source: InputSchemaSource, schema: Record<string, unknown>): string {
  const validator = `./_validators/${basename(source.out).replace(/\.ts$/, ".js")}`;
  const folder = posix.dirname(source.out);
  const imports =
    source.project !== CORE
      ? [`import { type InputSchema, withInputValidator } from "@helix-cluster/core";`]
      : [
          `import { withInputValidator } from "${coreImport(source, folder, "validate/check-input.js")}";`,
          `import type { InputSchema } from "${coreImport(source, folder, "validate/input-schema.js")}";`,
        ];
  return [
    `// Generated by tools/generate-input-schemas.ts from ${source.file} (${source.type}): do not edit.`,
    "// Change the interface and run `npm run generate:schemas`; a test fails while this file is stale.",
    ...imports,
    `import { validate } from "${validator}";`,
    "",
    `/**`,
    ` * JSON Schema of ${source.type}, derived from the interface: unknown keys are rejected. It is`,
    " * checked by the validator compiled from it ahead of time, so a render compiles no schema.",
    " */",
    `export const ${source.exportName}: InputSchema = withInputValidator(${JSON.stringify(schema, null, 2)}, validate);`,
    "",
  ].join("\n");
}

/** The validator compiled from a source's schema (Ajv standalone, all errors, verbose, strict). */
export function inputValidatorModule(source: InputSchemaSource, schema: Record<string, unknown>): string {
  const { code } = standaloneValidator(schema, "draft-07", {
    strict: true,
    verbose: true,
    errorTypeImport: coreImport(source, posix.dirname(validatorPath(source)), "validate/chart-values.js"),
  });
  return [
    `// Generated by tools/generate-input-schemas.ts from ${source.file} (${source.type}): do not edit.`,
    "// @ts-nocheck -- Ajv standalone validator (plain JavaScript).",
    code,
  ].join("\n");
}

/** Every generated module: path relative to the workspace root → content. */
export function inputSchemaFiles(
  schemas: ReadonlyMap<InputSchemaSource, Record<string, unknown>>,
): Map<string, string> {
  const files = new Map<string, string>();
  for (const [source, schema] of schemas) {
    files.set(join(source.project, source.out), asciiOnly(inputSchemaModule(source, schema)));
    files.set(join(source.project, validatorPath(source)), asciiOnly(inputValidatorModule(source, schema)));
  }
  return files;
}
