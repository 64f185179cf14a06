/** An expression written as is (a component export or a function call), not quoted. */
export interface Raw {
  readonly raw: string;
}

/** A value of an Alloy attribute. */
export type AlloyValue =
  | string
  | number
  | boolean
  | Raw
  | readonly AlloyValue[]
  | { readonly [k: string]: AlloyValue };

/** A block: `name "label" { … }`, with attributes and nested blocks in order. */
export interface AlloyBlock {
  readonly name: string;
  readonly label?: string;
  readonly body: readonly (AlloyBlock | AlloyAttribute)[];
}

/** An attribute: `name = value`. */
export interface AlloyAttribute {
  readonly attr: string;
  readonly value: AlloyValue;
}

/** A raw expression (component exports, sys.env(…), constants.hostname…). */
export function raw(expression: string): Raw {
  return { raw: expression };
}

/** `name = value`. */
export function attr(name: string, value: AlloyValue): AlloyAttribute {
  return { attr: name, value };
}

/** A block with an optional label. */
export function block(
  name: string,
  label: string | undefined,
  ...body: (AlloyBlock | AlloyAttribute)[]
): AlloyBlock {
  return label === undefined ? { name, body } : { name, label, body };
}

const isRaw = (v: AlloyValue): v is Raw => typeof v === "object" && v !== null && "raw" in v;

function value(v: AlloyValue, indent: string): string {
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (isRaw(v)) return v.raw;
  if (Array.isArray(v)) return `[${v.map((x: AlloyValue) => value(x, indent)).join(", ")}]`;
  const entries = Object.entries(v as Record<string, AlloyValue>);
  if (entries.length === 0) return "{}";
  const inner = `${indent}  `;
  return `{\n${entries.map(([k, x]) => `${inner}${JSON.stringify(k)} = ${value(x, inner)},`).join("\n")}\n${indent}}`;
}

function render(node: AlloyBlock | AlloyAttribute, indent: string): string {
  if ("attr" in node) return `${indent}${node.attr} = ${value(node.value, indent)}`;
  const head = node.label === undefined ? node.name : `${node.name} ${JSON.stringify(node.label)}`;
  if (node.body.length === 0) return `${indent}${head} { }`;
  return `${indent}${head} {\n${node.body.map((b) => render(b, `${indent}  `)).join("\n")}\n${indent}}`;
}

/** The Alloy configuration text of top-level blocks, separated by blank lines. */
export function renderAlloy(blocks: readonly AlloyBlock[]): string {
  return `${blocks.map((b) => render(b, "")).join("\n\n")}\n`;
}
