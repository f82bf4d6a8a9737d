import { timeOf } from "../records/time.js";
import { amountOf, countOf, textOf } from "../records/values.js";
import { SkipRecord } from "./drive.js";

/** The first of `names` whose value is present (not null, undefined or an empty string). */
export function pick(fields: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    const value = fields[name];
    if (value !== null && value !== undefined && value !== "") return value;
  }
  return null;
}

/** Text of the first present field, `""` when none (the row's string columns are never null). */
export function textField(fields: Record<string, unknown>, ...names: string[]): string {
  return textOf(pick(fields, ...names)) ?? "";
}

function shown(value: unknown): string {
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}

/**
 * A token count; a value that is not a count of 0 or more skips the row, because the
 * tokens are what the row is priced by (a half-read row would price wrong).
 */
export function tokenField(value: unknown, name: string): number | null {
  const parsed = countOf(value);
  if (parsed.ok) return parsed.value;
  throw new SkipRecord("bad_value", `${name} is '${shown(value)}'; expected ${parsed.expected}`);
}

/** A reported cost; a bad one is noted and left null (the row is still counted by tokens). */
export function amountField(value: unknown, name: string, warn: (message: string) => void): number | null {
  const parsed = amountOf(value);
  if (parsed.ok) return parsed.value;
  warn(`${name} is '${shown(value)}'; expected ${parsed.expected}; kept the row with ${name} unknown`);
  return null;
}

/** The row's start time: without it the row cannot be placed in time, so it is skipped. */
export function startTimeField(value: unknown, name: string): string {
  const parsed = timeOf(value);
  if (!parsed.ok)
    throw new SkipRecord("bad_value", `${name} is '${shown(value)}'; expected ${parsed.expected}`);
  if (parsed.value === null)
    throw new SkipRecord("bad_record", `${name} is missing; expected the start time`);
  return parsed.value;
}

/** An optional time; a bad one is noted and replaced by `fallback`. */
export function timeField(
  value: unknown,
  name: string,
  fallback: string,
  warn: (message: string) => void,
): string {
  const parsed = timeOf(value);
  if (parsed.ok) return parsed.value ?? fallback;
  warn(`${name} is '${shown(value)}'; expected ${parsed.expected}; used the start time`);
  return fallback;
}

/** A required identifier; the row is skipped without it. */
export function idField(fields: Record<string, unknown>, what: string, ...names: string[]): string {
  const id = textField(fields, ...names).trim();
  if (id === "")
    throw new SkipRecord("bad_record", `${what} is missing; expected a value in ${names.join(" or ")}`);
  return id;
}

/** Adds `ms` milliseconds to a `YYYY-MM-DD HH:MM:SS.ffffff` UTC time. */
export function addMillis(time: string, ms: number): string {
  const base = Date.parse(`${time.slice(0, 19).replace(" ", "T")}Z`);
  const micros = Number(time.slice(20, 26)) + Math.round(ms * 1000);
  const carry = Math.floor(micros / 1e6);
  const rest = String(micros - carry * 1e6).padStart(6, "0");
  return `${new Date(base + carry * 1000).toISOString().slice(0, 19).replace("T", " ")}.${rest}`;
}

/**
 * A CSV header check: each group lists the accepted spellings of one required column.
 * The message names every missing column and what file was expected.
 */
export function requireColumns(
  groups: readonly (readonly string[])[],
  expected: string,
): (columns: readonly string[]) => string | null {
  return (columns) => {
    const missing = groups.filter((group) => !group.some((name) => columns.includes(name)));
    if (missing.length === 0) return null;
    const names = missing.map((group) => group.join(" or ")).join(", ");
    return `missing column(s) ${names}; expected ${expected}`;
  };
}
