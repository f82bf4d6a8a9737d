import type { Parsed } from "./values.js";

const DATE_TIME =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|UTC|[+-]\d{2}(?::?\d{2})?)?$/i;

const EXPECTED = "a timestamp (YYYY-MM-DD HH:MM:SS[.ffffff][offset] or epoch seconds)";

/**
 * A timestamp as UTC `YYYY-MM-DD HH:MM:SS.ffffff`, or null when not stated.
 * Naive timestamps are UTC (LiteLLM writes UTC); offsets are applied; numbers are
 * epoch seconds, milliseconds, microseconds or nanoseconds, told apart by size.
 * Sub-microsecond digits are cut, never rounded into the next second.
 */
export function timeOf(value: unknown): Parsed<string | null> {
  if (value === null || value === undefined) return { ok: true, value: null };
  if (typeof value === "number") return epochTime(value);
  if (typeof value !== "string") return { ok: false, expected: EXPECTED };
  const text = value.trim();
  if (text === "" || text.toLowerCase() === "none" || text.toLowerCase() === "null") {
    return { ok: true, value: null };
  }
  if (/^\d+(\.\d+)?$/.test(text)) return epochTime(Number(text));
  return isoTime(text);
}

function isoTime(text: string): Parsed<string | null> {
  const m = DATE_TIME.exec(text);
  if (!m) return { ok: false, expected: EXPECTED };
  const [, y, mo, d, h = "00", mi = "00", s = "00", frac = "", zone] = m;
  const wall = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wall);
  const fields = [check.getUTCMonth() + 1, check.getUTCDate(), check.getUTCHours(), check.getUTCMinutes()];
  if (fields.join() !== [mo, d, h, mi].map(Number).join() || Number(s) > 59) {
    return { ok: false, expected: EXPECTED };
  }
  const utc = wall - zoneMinutes(zone) * 60_000;
  return { ok: true, value: `${formatSeconds(utc)}.${frac.slice(0, 6).padEnd(6, "0")}` };
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || /^(z|utc)$/i.test(zone)) return 0;
  const digits = zone.slice(1).replace(":", "");
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || "0");
  return zone.startsWith("-") ? -minutes : minutes;
}

function epochTime(n: number): Parsed<string | null> {
  if (!Number.isFinite(n) || n < 0) return { ok: false, expected: EXPECTED };
  // Seconds until year 5138, then ms, then us, then ns.
  const micros = n < 1e11 ? Math.round(n * 1e6) : n < 1e14 ? Math.round(n * 1e3) : n < 1e17 ? n : n / 1e3;
  const whole = Math.floor(micros / 1e6);
  const frac = String(Math.floor(micros - whole * 1e6)).padStart(6, "0");
  return { ok: true, value: `${formatSeconds(whole * 1000)}.${frac}` };
}

function formatSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace("T", " ");
}
