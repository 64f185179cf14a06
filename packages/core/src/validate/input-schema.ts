/**
 * A JSON Schema (draft 7, as Ajv reads it) of hand-written input: the cluster settings, a
 * package's options, or a cluster's own settings fields. The generated ones come from the
 * TypeScript interfaces by `npm run generate:schemas`.
 */
export interface InputSchema {
  readonly type?: string | readonly string[];
  /** Schemas of the object's keys. */
  readonly properties?: Readonly<Record<string, unknown>>;
  /** Keys that must be present. */
  readonly required?: readonly string[];
  /** false: keys not in `properties` are rejected. */
  readonly additionalProperties?: unknown;
  readonly [keyword: string]: unknown;
}
