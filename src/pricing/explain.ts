import { genaiPrices } from "./genai-prices.js";
import { type DefaultPriceSource, effectiveRates, type PricePeriod, type RateCardRow } from "./ratecard.js";
import { periodAt, resolvePrices } from "./resolve.js";

export interface PriceOfOptions {
  /** Provider as calls name it (`openai`, `gcp.vertex_ai`, ...); default unknown. */
  provider?: string | null;
  /** Instant whose UTC day selects the rates; default now. */
  at?: Date;
  /** User price rows (from `loadPriceFiles`); default none. */
  overrides?: readonly RateCardRow[];
  /** Default catalogue; default `genaiPrices`. */
  defaults?: DefaultPriceSource;
}

/** The answer to `spendtrail price --model M`. */
export interface PriceExplanation {
  model: string;
  provider: string | null;
  /** The UTC day asked about, `YYYY-MM-DD`. */
  day: string;
  /** The period in force that day (its rates, dates, source and notes); null when unpriced. */
  inForce: PricePeriod | null;
  /** Rates actually applied (cache rates fall back to the input rate), USD per million tokens. */
  applied: ReturnType<typeof effectiveRates> | null;
  /** The model's whole price history as spendtrail would apply it. */
  periods: PricePeriod[];
}

/** The rates in force for `model` on a day and where they came from, with the same resolution the queries use. */
export function priceOf(model: string, options: PriceOfOptions = {}): PriceExplanation {
  const provider = options.provider ?? null;
  const book = { overrides: options.overrides ?? [], defaults: options.defaults ?? genaiPrices };
  const { periods } = resolvePrices(book, provider, model);
  const day = (options.at ?? new Date()).toISOString().slice(0, 10);
  const inForce = periodAt(periods, day);
  return {
    model,
    provider,
    day,
    inForce,
    applied: inForce === null ? null : effectiveRates(inForce),
    periods,
  };
}
