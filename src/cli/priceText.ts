import type { PriceExplanation } from "../pricing/explain.js";
import type { PricePeriod } from "../pricing/ratecard.js";
import { renderTable } from "./render.js";

function matched(p: PricePeriod): string {
  return `${p.matchedProvider === null ? "" : `${p.matchedProvider}/`}${p.matchedModel}`;
}

function history(periods: readonly PricePeriod[]): string {
  const rows = periods.map((p) => ({
    from: p.effectiveFrom ?? "-",
    to: p.effectiveTo ?? "-",
    input: p.inputPerMtok,
    "cache read": p.cacheReadPerMtok,
    "cache write": p.cacheWritePerMtok,
    output: p.outputPerMtok,
    source: p.source,
  }));
  return renderTable(rows, ["from", "to", "input", "cache read", "cache write", "output", "source"], {
    numeric: ["input", "cache read", "cache write", "output"],
  });
}

/** The explanation for people: the rates in force, where they came from, then the history. */
export function renderPriceText(e: PriceExplanation): string {
  const p = e.inForce;
  const a = e.applied;
  if (p === null || a === null) return "";
  const lines = [
    `${e.model}${e.provider === null ? "" : ` (provider ${e.provider})`} on ${e.day}`,
    `  USD per million tokens: input ${a.input}, cache read ${a.cacheRead}, cache write ${a.cacheWrite}, output ${a.output}`,
    `  source: ${p.source}, matched ${matched(p)}, in force from ${p.effectiveFrom ?? "the start"} until ${p.effectiveTo ?? "further notice"}`,
    ...p.notes.map((n) => `  note: ${n}`),
    "",
    "price history (USD per million tokens; a missing cache rate is charged at the input rate):",
    history(e.periods).trimEnd(),
  ];
  return `${lines.join("\n")}\n`;
}

/** `--format` choices of `spendtrail price`. */
export const PRICE_RENDERERS = {
  table: renderPriceText,
  json: (e: PriceExplanation) => `${JSON.stringify(e, null, 2)}\n`,
} as const satisfies Record<string, (e: PriceExplanation) => string>;
