import { isContentAttribute, redactContent } from "../record/content.js";

/**
 * Attribute values as the OTel Collector ClickHouse exporter stores them (pdata `AsString`):
 * strings as they are, ints as decimal text, bools `true`/`false`, doubles in ES6 number
 * notation, bytes as base64, arrays and maps as JSON text (Go `json.Marshal`: map keys sorted,
 * `<`, `>`, `&` escaped). Nested attribute objects are NOT flattened into dotted keys: the
 * exporter stores a kvlist as JSON text under its own key, and so do we.
 */
export type AttributeMap = Record<string, string>;

/** Options every span reader takes. */
export interface SpanReaderOptions {
  /** Keep prompt/completion attributes (`--keep-content`). Default false: dropped or redacted. */
  keepContent?: boolean;
}

/** A value in the exporter's raw form (`Value.AsRaw()`), ready for Go-style JSON. */
type Raw = null | boolean | number | bigint | string | Raw[] | { [key: string]: Raw };

const ANY_VALUE_KEYS = new Set([
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "arrayValue",
  "kvlistValue",
  "bytesValue",
]);

/** True for an OTLP/JSON AnyValue object such as `{"intValue":"12"}` (exactly one known key). */
export function isAnyValue(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && ANY_VALUE_KEYS.has(keys[0] as string);
}

/**
 * The stored text of one attribute value: a JS value (string, number, bigint, boolean, array,
 * object, Uint8Array) or an OTLP AnyValue object. Null when there is nothing to store
 * (null/undefined, which OTel SDKs drop before export).
 */
export function attributeText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return rawText(isAnyValue(value) ? anyValueRaw(value) : jsRaw(value));
}

/** The stored text of an OTLP AnyValue; an empty AnyValue `{}` is the empty string. */
export function anyValueText(value: unknown): string {
  return rawText(anyValueRaw(value));
}

/** Attributes from a flat object (`{key: value}`); values stringified, null values left out. */
export function attributesFromObject(obj: Record<string, unknown>): AttributeMap {
  const out: AttributeMap = {};
  for (const [key, value] of Object.entries(obj)) {
    const text = attributeText(value);
    if (text !== null) out[key] = text;
  }
  return out;
}

/** Attributes from an OTLP KeyValue list (`[{key, value: AnyValue}]`); later duplicates win. */
export function attributesFromKeyValues(list: readonly unknown[]): AttributeMap {
  const out: AttributeMap = {};
  for (const kv of list) {
    if (typeof kv !== "object" || kv === null) continue;
    const { key, value } = kv as { key?: unknown; value?: unknown };
    if (typeof key === "string") out[key] = anyValueText(value);
  }
  return out;
}

/**
 * Drops or redacts prompt/completion attributes (record/content.ts) unless `keepContent`.
 * A JSON-object content value keeps only its non-content fields (response id, model, usage).
 */
export function applyContentPolicy(attrs: AttributeMap, options: SpanReaderOptions): AttributeMap {
  if (options.keepContent === true) return attrs;
  const out: AttributeMap = {};
  for (const [key, value] of Object.entries(attrs)) {
    if (!isContentAttribute(key)) {
      out[key] = value;
      continue;
    }
    const kept = redactContent(value);
    if (kept !== null) out[key] = kept;
  }
  return out;
}

function rawText(raw: Raw): string {
  if (raw === null) return "";
  if (typeof raw === "string") return raw;
  if (typeof raw === "object") return goJson(raw);
  return scalarJson(raw);
}

function anyValueRaw(value: unknown): Raw {
  if (typeof value !== "object" || value === null) return null;
  const v = value as Record<string, unknown>;
  if ("stringValue" in v) return String(v.stringValue ?? "");
  if ("boolValue" in v) return v.boolValue === true || v.boolValue === "true";
  if ("intValue" in v) return toBigInt(v.intValue);
  if ("doubleValue" in v) return Number(v.doubleValue);
  if ("bytesValue" in v) return String(v.bytesValue ?? "");
  if ("arrayValue" in v) return listOf(v.arrayValue).map(anyValueRaw);
  if ("kvlistValue" in v) {
    const out: { [key: string]: Raw } = {};
    for (const kv of listOf(v.kvlistValue)) {
      const { key, value: inner } = (kv ?? {}) as { key?: unknown; value?: unknown };
      if (typeof key === "string") out[key] = anyValueRaw(inner);
    }
    return out;
  }
  return null;
}

function listOf(container: unknown): unknown[] {
  const values = (container as { values?: unknown } | null)?.values;
  return Array.isArray(values) ? values : [];
}

function toBigInt(value: unknown): bigint | number {
  if (typeof value === "bigint") return value;
  if (typeof value === "string" && /^-?\d+$/.test(value.trim())) return BigInt(value.trim());
  const n = Number(value);
  return Number.isInteger(n) ? BigInt(n) : n;
}

function jsRaw(value: unknown): Raw {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "boolean" || typeof value === "bigint") return value;
  if (typeof value === "number") return value;
  if (value instanceof Uint8Array) return Buffer.from(value).toString("base64");
  if (Array.isArray(value)) return value.map(jsRaw);
  if (typeof value === "object") {
    if (isAnyValue(value)) return anyValueRaw(value);
    const out: { [key: string]: Raw } = {};
    for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = jsRaw(v);
    return out;
  }
  return String(value);
}

const INT64_LIMIT = 2 ** 63;

function scalarJson(raw: boolean | number | bigint): string {
  if (typeof raw === "boolean") return raw ? "true" : "false";
  if (typeof raw === "bigint") return raw.toString();
  if (!Number.isFinite(raw)) return String(raw);
  // An integral JS number is an OTLP int (otlp-transformer); print it without exponent.
  if (Number.isInteger(raw) && Math.abs(raw) < INT64_LIMIT) return BigInt(raw).toString();
  return String(raw);
}

/** Go `json.Marshal` of a raw value: sorted map keys, HTML-safe escapes. */
function goJson(raw: Raw): string {
  if (raw === null) return "null";
  if (typeof raw === "string") return goString(raw);
  if (Array.isArray(raw)) return `[${raw.map(goJson).join(",")}]`;
  if (typeof raw === "object") {
    const keys = Object.keys(raw).sort();
    return `{${keys.map((k) => `${goString(k)}:${goJson(raw[k] as Raw)}`).join(",")}}`;
  }
  return Number.isFinite(raw) || typeof raw !== "number" ? scalarJson(raw) : "null";
}

const GO_ESCAPES: Record<string, string> = {
  "<": "\\u003c",
  ">": "\\u003e",
  "&": "\\u0026",
  "\u2028": "\\u2028",
  "\u2029": "\\u2029",
};

function goString(s: string): string {
  return JSON.stringify(s).replace(/[<>&\u2028\u2029]/g, (c) => GO_ESCAPES[c] ?? c);
}
