import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { calcPrice, type ModelInfo, type ModelPrice, type PriceCalculation } from "@pydantic/genai-prices";
import { toDecimal } from "./money.js";
import type { DefaultPriceSource, PricePeriod, Rates } from "./ratecard.js";

/**
 * The default rate card: `@pydantic/genai-prices`' bundled data (never `updatePrices`, so
 * no network). Its match rules (equals/starts_with/regex, provider fallbacks, snapshot
 * dates) stay in the library: we ask `calcPrice` which catalogue entry a call's model is,
 * then turn that entry's price history into dated periods.
 */

function packageVersion(): string {
  const main = createRequire(import.meta.url).resolve("@pydantic/genai-prices");
  const pkg: unknown = JSON.parse(readFileSync(join(dirname(main), "..", "package.json"), "utf8"));
  const version = typeof pkg === "object" && pkg !== null && "version" in pkg ? pkg.version : "unknown";
  return String(version);
}

/** `genai-prices@<installed version>`: the `source` of every default price. */
export const GENAI_PRICES_SOURCE = `genai-prices@${packageVersion()}`;

const TOKEN_KEYS = ["input_mtok", "cache_read_mtok", "cache_write_mtok", "output_mtok"] as const;

interface Found {
  calc: PriceCalculation;
  options: { providerId?: string };
  note: string | null;
}

/** The catalogue entry for a call: by its provider, then LiteLLM's `provider/model`, then the model name alone. */
function find(provider: string | null, model: string): Found | null {
  const attempts: Array<{ providerId?: string; note: string | null }> = [];
  if (provider !== null && provider !== "") attempts.push({ providerId: provider, note: null });
  if (model.includes("/")) attempts.push({ providerId: "litellm", note: null });
  const fallback = provider
    ? `provider '${provider}' has no such model in genai-prices; matched by model name`
    : null;
  attempts.push({ note: fallback });
  for (const { note, ...options } of attempts) {
    try {
      const calc = calcPrice({}, model, options);
      if (calc !== null) return { calc, options, note };
    } catch {
      // A catalogue entry the library cannot evaluate is as good as unknown.
    }
  }
  return null;
}

function baseOf(value: ModelPrice[string]): number | undefined {
  return typeof value === "object" ? value.base : value;
}

function notesFor(price: ModelPrice): string[] {
  const notes: string[] = [];
  for (const [key, value] of Object.entries(price)) {
    if (typeof value === "object" && TOKEN_KEYS.some((k) => k === key)) {
      const tiers = value.tiers.map((t) => `${t.price} above ${t.start} input tokens`).join(", ");
      notes.push(`${key} is tiered (${tiers}); base ${value.base} used`);
    }
  }
  // Per-request/search units never ride on token counts; other token prices (audio, 1h cache) are approximations.
  const ignored = Object.keys(price).filter(
    (k) => price[k] !== undefined && k.endsWith("_mtok") && !TOKEN_KEYS.some((t) => t === k),
  );
  if (ignored.length > 0)
    notes.push(`not applied (priced as the base buckets): ${ignored.sort().join(", ")}`);
  if (price.output_mtok === undefined) notes.push("no output price in genai-prices; output priced at 0");
  return notes;
}

function ratesOf(price: ModelPrice): Rates | null {
  const decimal = (key: (typeof TOKEN_KEYS)[number]): string | null => {
    const base = baseOf(price[key]);
    return base === undefined ? null : toDecimal(base);
  };
  const input = decimal("input_mtok");
  if (input === null) return null; // priced per request, page, second...: not by tokens
  return {
    inputPerMtok: input,
    cacheReadPerMtok: decimal("cache_read_mtok"),
    cacheWritePerMtok: decimal("cache_write_mtok"),
    outputPerMtok: decimal("output_mtok") ?? "0",
  };
}

/** Start dates of the entry's price changes, ascending. */
function changeDates(info: ModelInfo): string[] {
  if (!Array.isArray(info.prices)) return [];
  const dates = info.prices.flatMap((p) =>
    p.constraint?.type === "start_date" ? [p.constraint.start_date] : [],
  );
  return [...new Set(dates)].sort();
}

function hasTimeOfDay(info: ModelInfo): boolean {
  return Array.isArray(info.prices) && info.prices.some((p) => p.constraint?.type === "time_of_date");
}

function dayBefore(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

/** The library's own price selection on `day`; time-of-day prices at 12:00 UTC. */
function periodOn(
  found: Found,
  model: string,
  day: string,
  from: string | null,
  to: string | null,
): PricePeriod | null {
  const calc =
    calcPrice({}, model, { ...found.options, timestamp: new Date(`${day}T12:00:00Z`) }) ?? found.calc;
  const rates = ratesOf(calc.model_price);
  if (rates === null) return null;
  const notes = notesFor(calc.model_price);
  if (found.note !== null) notes.unshift(found.note);
  if (hasTimeOfDay(calc.model)) notes.push("time-of-day prices: the rate in force at 12:00 UTC is used");
  const base = { effectiveFrom: from, effectiveTo: to, source: GENAI_PRICES_SOURCE, notes };
  return { ...rates, ...base, matchedProvider: calc.provider.id, matchedModel: calc.model.id };
}

function periodsFor(provider: string | null, model: string): PricePeriod[] {
  const found = find(provider, model);
  if (found === null) return [];
  const dates = changeDates(found.calc.model);
  const first = dates[0];
  const bounds: Array<[string, string | null, string | null]> =
    first === undefined ? [["2000-01-01", null, null]] : [[dayBefore(first), null, first]];
  dates.forEach((d, i) => {
    bounds.push([d, d, dates[i + 1] ?? null]);
  });
  return bounds.flatMap(([day, from, to]) => periodOn(found, model, day, from, to) ?? []);
}

const cache = new Map<string, PricePeriod[]>();

/** Default prices from `@pydantic/genai-prices`, one period per price change (memoised per pair). */
export const genaiPrices: DefaultPriceSource = (provider, model) => {
  const key = `${provider ?? ""}\u0000${model}`;
  let periods = cache.get(key);
  if (periods === undefined) {
    periods = periodsFor(provider, model);
    cache.set(key, periods);
  }
  return periods.map((p) => ({ ...p, notes: [...p.notes] }));
};
