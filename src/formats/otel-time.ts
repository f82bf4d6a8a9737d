/**
 * Time values as nanoseconds since the Unix epoch (bigint, since ns exceed 2^53), and the
 * `Timestamp` text the exporter's DateTime64(9) column takes: 'YYYY-MM-DD HH:MM:SS.fffffffff' UTC.
 */

const NS_PER_SECOND = 1_000_000_000n;
const NS_PER_MS = 1_000_000n;

const ISO =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:[.,](\d+))?\s*(Z|z|UTC|[+-]\d{2}(?::?\d{2})?)?$/;

/** 'YYYY-MM-DD HH:MM:SS.fffffffff' (UTC) for a time in ns since the epoch (negative clamps to 0). */
export function formatTimestamp(ns: bigint): string {
  const safe = ns < 0n ? 0n : ns;
  const seconds = safe / NS_PER_SECOND;
  const fraction = (safe % NS_PER_SECOND).toString().padStart(9, "0");
  const iso = new Date(Number(seconds) * 1000).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}.${fraction}`;
}

/**
 * ns since the epoch for an ISO-8601 date-time with up to 9 fractional digits (more are cut).
 * 'T' or a space between date and time; 'Z', '+hh:mm', '+hhmm' or no zone (read as UTC, the way
 * LiteLLM writes naive times). Null when the text is not such a time.
 */
export function isoToNanos(text: string): bigint | null {
  const m = ISO.exec(text.trim());
  if (m === null) return null;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  const back = new Date(ms);
  if (Number.isNaN(ms) || back.getUTCDate() !== d || back.getUTCMonth() !== mo - 1 || h > 23 || s > 59) {
    return null;
  }
  const fraction = BigInt((m[7] ?? "").slice(0, 9).padEnd(9, "0"));
  return BigInt(ms) * NS_PER_MS + fraction - zoneOffsetNanos(m[8]);
}

function zoneOffsetNanos(zone: string | undefined): bigint {
  if (zone === undefined || /^(z|utc)$/i.test(zone)) return 0n;
  const sign = zone.startsWith("-") ? -1n : 1n;
  const digits = zone.slice(1).replace(":", "");
  const minutes = BigInt(Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || "0"));
  return sign * minutes * 60n * NS_PER_SECOND;
}

/** ns for milliseconds since the epoch (fractional ms kept to the ns). */
export function msToNanos(ms: number): bigint | null {
  if (!Number.isFinite(ms) || ms < 0) return null;
  const whole = Math.trunc(ms);
  return BigInt(whole) * NS_PER_MS + BigInt(Math.round((ms - whole) * 1e6));
}

/**
 * ns for microseconds (Jaeger `startTime`, `duration`, log `timestamp`; the OTel JS console
 * exporter prints fractional microseconds, kept to the ns).
 */
export function microsToNanos(us: unknown): bigint | null {
  if (typeof us === "number" && Number.isFinite(us) && us >= 0 && !Number.isInteger(us)) {
    const whole = Math.trunc(us);
    return BigInt(whole) * 1000n + BigInt(Math.round((us - whole) * 1000));
  }
  const whole = integerOf(us);
  return whole === null ? null : whole * 1000n;
}

/** ns for an OTel JS `HrTime` tuple `[seconds, nanoseconds]`. */
export function hrTimeToNanos(value: unknown): bigint | null {
  if (!Array.isArray(value) || value.length !== 2) return null;
  const [s, n] = value as unknown[];
  if (typeof s !== "number" || typeof n !== "number" || !Number.isInteger(s) || !Number.isInteger(n)) {
    return null;
  }
  if (s < 0 || n < 0 || n >= 1e9) return null;
  return BigInt(s) * NS_PER_SECOND + BigInt(n);
}

/** ns from a decimal string or integral number of ns (OTLP `startTimeUnixNano`). */
export function nanosOf(value: unknown): bigint | null {
  return integerOf(value);
}

/** A non-negative integer from a number, bigint or decimal string; null otherwise. */
function integerOf(value: unknown): bigint | null {
  if (typeof value === "bigint") return value >= 0n ? value : null;
  if (typeof value === "number") return Number.isInteger(value) && value >= 0 ? BigInt(value) : null;
  if (typeof value === "string" && /^\d+$/.test(value.trim())) return BigInt(value.trim());
  return null;
}
