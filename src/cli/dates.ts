import { SpendtrailError } from "../errors.js";

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A `--from`, `--to` or `--at` value: a UTC day `YYYY-MM-DD` or an ISO 8601 instant with its
 * zone. A day given as the end of a period (`endOfDay`) includes that whole day.
 */
export function parseDate(flag: string, value: unknown, endOfDay = false): Date | undefined {
  if (value === undefined) return undefined;
  const text = String(value);
  const day = DAY.test(text);
  const date = day || INSTANT.test(text) ? new Date(day ? `${text}T00:00:00Z` : text) : null;
  if (date === null || Number.isNaN(date.getTime())) {
    throw new SpendtrailError(
      "E_USAGE",
      `${flag} ${text}: expected a UTC day (2026-10-14) or an ISO 8601 instant with its zone (2026-10-14T09:00:00Z)`,
    );
  }
  if (day && endOfDay) date.setUTCDate(date.getUTCDate() + 1);
  return date;
}

/** `--from` / `--to` as a period; `--to` must come after `--from`. */
export function parsePeriod(options: Readonly<Record<string, unknown>>): { from?: Date; to?: Date } {
  const from = parseDate("--from", options.from);
  const to = parseDate("--to", options.to, true);
  if (from !== undefined && to !== undefined && to <= from) {
    throw new SpendtrailError(
      "E_USAGE",
      `--to ${String(options.to)} is not after --from ${String(options.from)}`,
    );
  }
  return { ...(from && { from }), ...(to && { to }) };
}
