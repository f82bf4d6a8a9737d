import { isMissing } from "../../record/identity.js";

/** Header names whose values may be credentials: never copied into attributes. */
const SECRET_KEY = /auth|api[-_]?key|token|secret|cookie|password|signature/i;

/** An attribute value as text: scalars as text, objects/arrays as JSON text, empty ones absent. */
export function attributeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return value.length === 0 ? null : JSON.stringify(value);
  if (typeof value === "object") {
    return Object.keys(value).length === 0 ? null : JSON.stringify(value);
  }
  return null;
}

/**
 * A row's flattened attributes (`GatewayRow.attributes`). Only present values go in:
 * null, empty and the MISSING_VALUES (`unknown`, `none`, `-`...) stay out, so the
 * normaliser never mistakes a placeholder for an identity.
 */
export class AttributeBag {
  readonly values: Record<string, string> = {};

  set(key: string, value: unknown): void {
    const text = attributeText(value);
    if (text !== null && !isMissing(text)) this.values[key] = text;
  }

  /** Each entry of `source` under `prefix + key`, except the `drop`ped keys. */
  setAll(prefix: string, source: Record<string, unknown>, drop: ReadonlySet<string> = new Set()): void {
    for (const [key, value] of Object.entries(source)) {
      if (drop.has(key)) continue;
      this.set(`${prefix}${key}`, value);
    }
  }
}

/** A copy of a header map without credential-like headers. */
export function safeHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(headers).filter(([key]) => !SECRET_KEY.test(key)));
}
