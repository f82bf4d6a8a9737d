import { createHash } from "node:crypto";

/** A value read from a record: either usable, or what was expected instead. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(expected: string): Parsed<T> => ({ ok: false, expected });

/** Text that stands for "no value" in exports (psql NULL is an empty cell, Python writes None). */
const NULL_TEXT = new Set(["", "null", "none", "nan"]);

function isNullText(value: string): boolean {
  return NULL_TEXT.has(value.trim().toLowerCase());
}

/** A string value, or null for null/empty. Numbers and booleans become their text; objects JSON text. */
export function textOf(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "string") return value === "" ? null : value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return JSON.stringify(value);
}

/** A token count: a non-negative integer, or null when the source does not state it. */
export function countOf(value: unknown): Parsed<number | null> {
  if (value === null || value === undefined) return ok(null);
  let n: number;
  if (typeof value === "number") n = value;
  else if (typeof value === "string") {
    if (isNullText(value)) return ok(null);
    if (!/^\s*-?\d+(\.0*)?\s*$/.test(value)) return bad("a whole number");
    n = Number(value);
  } else return bad("a whole number");
  if (!Number.isInteger(n)) return bad("a whole number");
  if (n < 0) return bad("a count of 0 or more");
  return ok(n);
}

/** A money amount (any finite number), or null when not stated. */
export function amountOf(value: unknown): Parsed<number | null> {
  if (value === null || value === undefined) return ok(null);
  if (typeof value === "number") return Number.isFinite(value) ? ok(value) : bad("a number");
  if (typeof value !== "string") return bad("a number");
  if (isNullText(value)) return ok(null);
  const n = Number(value);
  return value.trim() !== "" && Number.isFinite(n) ? ok(n) : bad("a number");
}

const TRUE_TEXT = new Set(["true", "t", "1", "yes", "y"]);
const FALSE_TEXT = new Set(["false", "f", "0", "no", "n"]);

/** A flag from a bool, 0/1 or text ("True"/"False"/"t"/"f"...); null when absent or unrecognised. */
export function flagOf(value: unknown): boolean | null {
  if (typeof value === "boolean") return value;
  if (typeof value === "number") return value === 1 ? true : value === 0 ? false : null;
  if (typeof value !== "string") return null;
  const text = value.trim().toLowerCase();
  if (TRUE_TEXT.has(text)) return true;
  if (FALSE_TEXT.has(text)) return false;
  return null;
}

/** JSON text parsed into an object/array; objects pass through; anything else is null. */
export function jsonOf(value: unknown): unknown {
  if (typeof value !== "string") return value ?? null;
  const text = value.trim();
  if (!text.startsWith("{") && !text.startsWith("[")) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** A plain object (from an object or JSON text), else null. */
export function objectOf(value: unknown): Record<string, unknown> | null {
  const parsed = jsonOf(value);
  return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : null;
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text).digest("hex");
}

/**
 * The hash of a gateway key as stored: LiteLLM stores sha256 hex already; a raw `sk-...`
 * key (never expected, but seen in hand-made exports) is hashed so it is never kept.
 */
export function keyHashOf(value: unknown): string {
  const text = textOf(value)?.trim() ?? "";
  return text.startsWith("sk-") ? sha256Hex(text) : text;
}

/** A W3C trace id (32 hex, not all zeros) in lower case, else null. */
export function traceIdOf(value: unknown): string | null {
  const text = textOf(value)?.trim().toLowerCase() ?? "";
  const fromParent = /^[0-9a-f]{2}-([0-9a-f]{32})-[0-9a-f]{16}-[0-9a-f]{2}$/.exec(text)?.[1];
  const id = fromParent ?? text;
  return /^[0-9a-f]{32}$/.test(id) && !/^0+$/.test(id) ? id : null;
}
