export type { PriceExplanation, PriceOfOptions } from "./explain.js";
export { priceOf } from "./explain.js";
export { GENAI_PRICES_SOURCE, genaiPrices } from "./genai-prices.js";
export { decimalPlaces, roundUsd, shiftDecimal, toDecimal } from "./money.js";
export { loadPriceFiles, parsePriceFile } from "./price-file.js";
export type { SpendDimension, SpendFilters, SpendOptions } from "./priced-spend.js";
export { pricedSpendSql, SPEND_DIMENSIONS } from "./priced-spend.js";
export type { LoadRateCardOptions } from "./rate-card-table.js";
export {
  callModelsSql,
  insertRateCardSql,
  loadRateCard,
  MODEL_KEY_SQL,
  PROVIDER_KEY_SQL,
  RATE_CARD_DDL,
  RATE_CARD_TABLE,
  rateCardRows,
} from "./rate-card-table.js";
export type { DefaultPriceSource, ModelMatch, PricePeriod, RateCardRow, Rates } from "./ratecard.js";
export { effectiveRates, MODEL_MATCHES, matchingRows, providerFamily, snapshotBase } from "./ratecard.js";
export type { PriceBook, PriceResolution } from "./resolve.js";
export { periodAt, resolvePrices } from "./resolve.js";
