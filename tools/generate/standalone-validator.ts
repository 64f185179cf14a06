// Ajv standalone validators: a JSON Schema compiled once by the generator into plain JavaScript
// that the render imports, so no schema is compiled (and no Ajv compiler loaded) at run time.
import { _, Ajv, type Options as AjvOptions, type AnySchemaObject } from "ajv";
import { Ajv2019 } from "ajv/dist/2019.js";
import { Ajv2020 } from "ajv/dist/2020.js";
import standaloneModule from "ajv/dist/standalone/index.js";
import addFormatsModule from "ajv-formats";
import ts from "typescript";
import { compareStrings } from "./header.js";

const standaloneCode = standaloneModule.default;
const addFormats = addFormatsModule.default;

/** The JSON Schema drafts Ajv compiles. */
export type Draft = "draft-07" | "2019-09" | "2020-12";

/** How a standalone validator is compiled, beyond `allErrors` (always on). */
export interface StandaloneOptions {
  /** Ajv's strict mode: unknown keywords and odd schemas fail the generation. Default false. */
  readonly strict?: boolean;
  /** Errors carry the failing schema, its parent and the value, as the run-time check reads them. */
  readonly verbose?: boolean;
  /** Where the generated module imports the `AjvErrorObject` type from. */
  readonly errorTypeImport?: string;
}

function newAjv(draft: Draft, options: AjvOptions) {
  switch (draft) {
    case "2019-09":
      return new Ajv2019(options);
    case "2020-12":
      return new Ajv2020(options);
    default:
      return new Ajv(options);
  }
}

/**
 * Ajv's ESM standalone output still loads its runtime helpers and formats with `require(…)`.
 * This turns each such `const x = require("m").a.b;` into an import plus a constant.
 */
function requiresToImports(code: string): string {
  const imports = new Map<string, string>();
  const body = code.replace(
    /\bconst (\w+) = require\("([^"]+)"\)((?:\.\w+|\["[^"]+"\])*);/g,
    (_m, name: string, module: string, access: string) => {
      const specifier = module.endsWith(".js") ? module : `${module}.js`;
      let local = imports.get(specifier);
      if (!local) {
        local = `module${imports.size}`;
        imports.set(specifier, local);
      }
      return `const ${name} = ${local}${access};`;
    },
  );
  if (/\brequire\(/.test(body)) throw new Error("Ajv standalone code still contains require()");
  const head = [...imports].map(([specifier, local]) => `import ${local} from ${JSON.stringify(specifier)};`);
  return `${head.join("\n")}\n${body}`;
}

/**
 * Turns each top-level `function validateN(…) {…}` into `const validateN = (function validateN(…) {…});`.
 * V8 compiles a function only at its first call, unless it is wrapped in parentheses; Node's
 * compile cache keeps only what was compiled while loading. A validator of a big chart (loki's
 * is 2.6 MB) was thus compiled anew at every render's first check; wrapped, it comes from the
 * cache. Safe because the module only calls its functions after it has loaded.
 */
export function compiledOnLoad(code: string): string {
  const file = ts.createSourceFile("validator.js", code, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  let result = code;
  // From the last function to the first, so earlier offsets stay valid.
  for (const statement of [...file.statements].reverse()) {
    if (!ts.isFunctionDeclaration(statement) || !statement.name) continue;
    const start = statement.getStart(file);
    result = `${result.slice(0, start)}const ${statement.name.text} = (${result.slice(start, statement.end)});${result.slice(statement.end)}`;
  }
  return result;
}

/**
 * Compiles a schema into the source of an ESM module exporting `validate` (all errors), and the
 * formats it names that ajv-formats does not know (those are not checked).
 */
export function standaloneValidator(
  schema: AnySchemaObject,
  draft: Draft,
  options: StandaloneOptions = {},
): { code: string; unknownFormats: string[] } {
  const unknownFormats = new Set<string>();
  const ajv = newAjv(draft, {
    allErrors: true,
    strict: options.strict ?? false,
    verbose: options.verbose ?? false,
    code: {
      source: true,
      esm: true,
      lines: true,
      formats: _`require("ajv-formats/dist/formats").fullFormats`,
    },
    logger: {
      log: () => {},
      error: (...args: unknown[]) => {
        throw new Error(args.map(String).join(" "));
      },
      warn: (...args: unknown[]) => {
        const m = /unknown format "([^"]+)"/.exec(args.map(String).join(" "));
        if (m?.[1]) unknownFormats.add(m[1]);
      },
    },
  });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  let code = standaloneCode(ajv, validate);
  code = code.replace(/^"use strict";/, "");
  const exported = /export const validate = (\w+);/.exec(code)?.[1];
  if (!exported) throw new Error("unexpected Ajv standalone output");
  code = code.replace(/export const validate = \w+;/, "").replace(/export default \w+;/, "");
  code = requiresToImports(code);
  code = compiledOnLoad(code);
  code += `\n\nexport const validate: ((data: unknown) => boolean) & { errors?: AjvErrorObject[] | null } = ${exported};\n`;
  const typeImport = options.errorTypeImport ?? "@helix-cluster/core";
  return {
    code: `import type { AjvErrorObject } from "${typeImport}";\n${code}`,
    unknownFormats: [...unknownFormats].sort(compareStrings),
  };
}
