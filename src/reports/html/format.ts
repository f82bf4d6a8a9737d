import { roundUsd } from "../../pricing/money.js";

/** How the HTML report shows money, shares and counts (the exact values stay in `data-value`). */

const GROUPS = /\B(?=(\d{3})+(?!\d))/g;

/**
 * `$1,234.56`; below one dollar three significant digits (`$0.0234`, `$0.613`), so small leaks
 * stay visible; `$0` for zero; null -> `n/a`.
 */
export function money(usd: string | null): string {
  if (usd === null) return "n/a";
  const size = Math.abs(Number(usd));
  if (size === 0) return "$0";
  const places = size >= 1 ? 2 : Math.min(6, Math.max(2, 2 - Math.floor(Math.log10(size))));
  const rounded = roundUsd(usd, places);
  const negative = rounded.startsWith("-");
  const [whole = "0", fraction = ""] = (negative ? rounded.slice(1) : rounded).split(".");
  const text = `$${whole.replace(GROUPS, ",")}${fraction === "" ? "" : `.${fraction}`}`;
  return negative ? `-${text}` : text;
}

/** An axis tick: `$0`, `$0.50`, `$2.5`, `$1,000`: as many decimals as the tick step needs. */
export function tickMoney(value: number, step: number): string {
  if (value === 0) return "$0";
  let places = 0;
  while (places < 6 && Math.abs(Math.round(step * 10 ** places) - step * 10 ** places) > 1e-9) places += 1;
  const [whole = "0", fraction] = value.toFixed(places).split(".");
  return `$${whole.replace(GROUPS, ",")}${fraction === undefined ? "" : `.${fraction}`}`;
}

/** `9.2%` (one decimal; `<0.1%` for a tiny non-zero share); null -> `n/a`. */
export function percent(share: number | null): string {
  if (share === null) return "n/a";
  if (share === 0) return "0%";
  if (share > 0 && share < 0.0005) return "<0.1%";
  return `${(share * 100).toFixed(1)}%`;
}

/** `3,691`. */
export function count(n: number): string {
  return String(n).replace(GROUPS, ",");
}

/** A money string as a number, for chart geometry only (null and junk -> 0). */
export function amount(usd: string | null): number {
  const n = Number(usd ?? 0);
  return Number.isFinite(n) ? n : 0;
}

const SCALE = 18;

/** Exact sum of USD decimal strings (for totals the report does not carry, e.g. a week of a team). */
export function addUsd(values: readonly (string | null)[]): string {
  let sum = 0n;
  for (const v of values) {
    if (v === null) continue;
    const negative = v.startsWith("-");
    const [whole = "0", fraction = ""] = (negative ? v.slice(1) : v).split(".");
    const digits = BigInt(whole + fraction.padEnd(SCALE, "0").slice(0, SCALE));
    sum += negative ? -digits : digits;
  }
  const negative = sum < 0n;
  const text = (negative ? -sum : sum).toString().padStart(SCALE + 1, "0");
  const fraction = text.slice(-SCALE).replace(/0+$/, "");
  const whole = text.slice(0, -SCALE);
  return `${negative ? "-" : ""}${whole}${fraction === "" ? "" : `.${fraction}`}`;
}
