import type { AlertWindow } from "./types.js";

const DAY_MS = 86_400_000;

/**
 * The last full period and the one before it. Periods end at a UTC midnight: with `now`, the
 * midnight at or before it (a period still running is not compared); without it, the midnight
 * after the latest call, so the data's last day counts as complete.
 */
export function alertWindow(days: number, anchor: { now: Date } | { latestCall: Date }): AlertWindow {
  const end =
    "now" in anchor
      ? Math.floor(anchor.now.getTime() / DAY_MS) * DAY_MS
      : (Math.floor(anchor.latestCall.getTime() / DAY_MS) + 1) * DAY_MS;
  const iso = (ms: number) => new Date(ms).toISOString();
  const period = days * DAY_MS;
  return {
    previous: { from: iso(end - 2 * period), to: iso(end - period) },
    current: { from: iso(end - period), to: iso(end) },
    days,
    anchor: "now" in anchor ? "now" : "latest_call",
  };
}

/** `2026-10-19T00:00:00.000Z` -> `2026-10-19`. */
export function dayText(iso: string): string {
  return iso.slice(0, 10);
}
