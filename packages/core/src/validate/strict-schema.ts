import type { JsonValue } from "../model/kube-object.js";

/** A schema violation: JSON pointer and message. */
export interface SchemaViolation {
  readonly path: string;
  readonly message: string;
}

/** What kubernetes-models' compiled ajv validators report. */
interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** A kubernetes-models style class: `validate()` on its prototype runs the compiled schema. */
export interface ModelClass {
  readonly apiVersion: string;
  readonly kind: string;
  readonly prototype: object;
}

interface Visit {
  readonly read: Set<string>;
  enumerated: boolean;
}

/** True if the class carries a compiled schema (set by kubernetes-models' `setValidateFunc`). */
export function hasSchema(model: ModelClass): boolean {
  return Object.hasOwn(model.prototype, "validate");
}

/**
 * Validates plain JSON against a model's compiled schema, listing every error, and rejects unknown
 * fields (as `kubeconform -strict`). kubernetes-models' validators ignore unknown fields, so the
 * data is wrapped in proxies that record which properties the validator looked up for each object:
 * a key the validator never asked for is not in the schema. Objects the validator enumerated
 * (maps, `additionalProperties`) or never entered (free-form fields such as Helm values) are open.
 */
export function validateStrict(model: ModelClass, data: JsonValue): SchemaViolation[] {
  const visits = new WeakMap<object, Visit>();
  const proxies = new WeakMap<object, object>();
  const wrap = (value: unknown): unknown => {
    if (value === null || typeof value !== "object") return value;
    const existing = proxies.get(value);
    if (existing) return existing;
    const visit: Visit = { read: new Set(), enumerated: false };
    visits.set(value, visit);
    const proxy = new Proxy(value, {
      get(target, key, receiver) {
        if (typeof key === "string") visit.read.add(key);
        return wrap(Reflect.get(target, key, receiver));
      },
      has(target, key) {
        if (typeof key === "string") visit.read.add(key);
        return Reflect.has(target, key);
      },
      ownKeys(target) {
        visit.enumerated = true;
        return Reflect.ownKeys(target);
      },
    });
    proxies.set(value, proxy);
    return proxy;
  };

  const violations: SchemaViolation[] = [];
  const validate = (model.prototype as { validate: () => void }).validate;
  try {
    validate.call(wrap(data));
  } catch (error) {
    const errors = (error as { errors?: AjvError[] }).errors;
    if (!errors) throw error;
    for (const e of errors) violations.push({ path: e.instancePath || "/", message: describe(e) });
  }
  collectUnknown(data, "", visits, violations);
  return dedupe(violations);
}

function collectUnknown(
  value: JsonValue,
  path: string,
  visits: WeakMap<object, Visit>,
  out: SchemaViolation[],
): void {
  if (value === null || typeof value !== "object") return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => {
      collectUnknown(item, `${path}/${i}`, visits, out);
    });
    return;
  }
  const visit = visits.get(value);
  if (visit && !visit.enumerated && visit.read.size > 0) {
    for (const key of Object.keys(value)) {
      if (!visit.read.has(key)) out.push({ path: `${path}/${escapePointer(key)}`, message: "unknown field" });
    }
  }
  for (const [key, child] of Object.entries(value)) {
    collectUnknown(child, `${path}/${escapePointer(key)}`, visits, out);
  }
}

function describe(e: AjvError): string {
  const p = e.params;
  switch (e.keyword) {
    case "required":
      return `missing required field "${String(p.missingProperty)}"`;
    case "type":
      return `must be ${String(p.type)}`;
    case "enum":
      return `must be one of ${JSON.stringify(p.allowedValues)}`;
    case "pattern":
      return `must match pattern ${String(p.pattern)}`;
    case "format":
      return `must be a valid ${String(p.format)}`;
    case "additionalProperties":
      return `unknown field "${String(p.additionalProperty)}"`;
    default:
      return e.message ?? `fails ${e.keyword} ${JSON.stringify(p)}`;
  }
}

function escapePointer(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

function dedupe(list: SchemaViolation[]): SchemaViolation[] {
  const seen = new Set<string>();
  return list.filter((v) => {
    const k = `${v.path}\u0000${v.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
