import { roundUsd } from "../pricing/money.js";
import type { Share, Usd } from "./model.js";

/**
 * Display helpers shared by the text renderers. Money is rounded only here, for people;
 * the model keeps the exact decimals.
 */

/** `1234567` -> `1,234,567`. */
export function count(n: number): string {
  return n.toLocaleString("en-US");
}

function groupThousands(whole: string): string {
  return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * `$1,234.57`; below a dollar 4 decimals (`$0.0271`) so small audits still say something;
 * a non-zero amount below that `<$0.0001`; null (unpriced) -> `n/a`.
 */
export function usd(value: Usd | null): string {
  if (value === null) return "n/a";
  const negative = value.startsWith("-");
  const abs = negative ? value.slice(1) : value;
  const small = abs.startsWith("0");
  const rounded = roundUsd(abs, small ? 4 : 2);
  const [whole = "0", frac] = rounded.split(".");
  if (/^0(\.0*)?$/.test(rounded)) return /^0(\.0*)?$/.test(abs) ? "$0" : `${negative ? "-" : ""}<$0.0001`;
  return `${negative ? "-" : ""}$${groupThousands(whole)}${frac === undefined ? "" : `.${frac}`}`;
}

/** `0.4241` -> `42.4%`; null -> `n/a`. */
export function pct(share: Share): string {
  return share === null ? "n/a" : `${(share * 100).toFixed(1)}%`;
}

/** `1 call`, `3 calls`. */
export function plural(n: number, word: string): string {
  return `${count(n)} ${word}${n === 1 ? "" : "s"}`;
}

/** `2026-10-14T09:12:03.000Z` -> `2026-10-14 09:12`. */
export function instant(iso: string): string {
  return iso.slice(0, 16).replace("T", " ");
}

/** The report period as people read it. */
export function periodText(period: { from: string | null; to: string | null }): string {
  if (period.from === null && period.to === null) return "all calls";
  return `${period.from === null ? "start" : instant(period.from)} to ${period.to === null ? "end" : instant(period.to)}`;
}

// Width as seen on screen: ANSI emphasis takes no columns.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching ANSI escapes is the point
const ANSI = /\u001b\[\d+m/g;
const width = (text: string): number => text.replace(ANSI, "").length;

function pad(cell: string, size: number, right: boolean): string {
  const fill = " ".repeat(Math.max(0, size - width(cell)));
  return right ? fill + cell : cell + fill;
}

/** Aligned columns; `right` marks the columns to right-align. Two spaces between columns. */
export function columns(rows: readonly (readonly string[])[], right: readonly number[] = []): string[] {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, i) => {
      widths[i] = Math.max(widths[i] ?? 0, width(cell));
    });
  }
  return rows.map((row) =>
    row
      .map((cell, i) => pad(cell, widths[i] ?? 0, right.includes(i)))
      .join("  ")
      .trimEnd(),
  );
}

/** Emphasis for terminal text: ANSI when `color`, plain text otherwise. */
export interface Style {
  bold(text: string): string;
  dim(text: string): string;
}

export function style(color: boolean): Style {
  const wrap = (code: number) => (text: string) => (color ? `\u001b[${code}m${text}\u001b[22m` : text);
  return { bold: wrap(1), dim: wrap(2) };
}
