/**
 * Writes the JSON Schemas of the cluster settings and of every namespace package's options,
 * derived from their TypeScript interfaces, and the validator compiled from each (see
 * tools/generate/input-schemas.ts).
 *
 *   npm run generate:schemas
 */
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, join, resolve } from "node:path";
import { INPUT_SCHEMA_SOURCES, inputSchemaFiles, inputSchemas } from "./generate/input-schemas.js";

const root = resolve(import.meta.dirname, "..");
const started = performance.now();
const files = inputSchemaFiles(inputSchemas(root));
for (const [path, content] of files) {
  await mkdir(dirname(join(root, path)), { recursive: true });
  await writeFile(join(root, path), content);
}
console.log(
  `wrote ${INPUT_SCHEMA_SOURCES.length} input schemas and their validators (${files.size} files) in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);
