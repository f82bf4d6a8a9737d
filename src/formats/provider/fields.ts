import { shiftDecimal, toDecimal } from "../../pricing/money.js";
import { countOf, flagOf } from "../records/values.js";

/** Thrown inside a result mapper for a value that is not what the report promises. */
export class BadField extends Error {}

/** A token or request count: a whole number >= 0, null when the report does not state it. */
export function count(result: Record<string, unknown>, key: string): number | null {
  const parsed = countOf(result[key]);
  if (!parsed.ok) throw new BadField(`${key} as ${parsed.expected}`);
  return parsed.value;
}

/** A grouping field: its text, or null (not grouped by it). */
export function group(result: Record<string, unknown>, key: string): string | null {
  const value = result[key];
  if (typeof value === "string") return value.trim() === "" ? null : value;
  if (typeof value === "number") return String(value);
  return null;
}

/** A grouping flag (`batch`), null when not grouped by it. */
export function groupFlag(result: Record<string, unknown>, key: string): boolean | null {
  return flagOf(result[key]);
}

/** Sum of the stated counts; null when none is stated. */
export function sumCounts(values: readonly (number | null)[]): number | null {
  const stated = values.filter((v): v is number => v !== null);
  return stated.length === 0 ? null : stated.reduce((a, b) => a + b, 0);
}

/**
 * An amount as exact decimal text, divided by 10^`shift` (Anthropic states cents: shift 2).
 * Numbers are taken by their shortest text (`0.06` stays `0.06`); credits may be negative.
 */
export function decimalAmount(value: unknown, what: string, shift = 0): string {
  const text = typeof value === "number" || typeof value === "string" ? String(value).trim() : "";
  const negative = text.startsWith("-");
  const plain = text === "" ? null : toDecimal(negative ? text.slice(1) : text);
  if (plain === null) throw new BadField(`${what} as a decimal number`);
  const shifted = shiftDecimal(plain, -shift);
  return negative && !/^0(\.0*)?$/.test(shifted) ? `-${shifted}` : shifted;
}
